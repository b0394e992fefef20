// The doors' rate limits, on Redis through rate-limiter-flexible, shared by
// every web instance:
//
// - Sign-in: failures only are counted, twice. One address trying one account
//   gets SIGNIN_MAX_FAILURES wrong passwords, then that pair is refused for
//   SIGNIN_BLOCK_SECONDS (a minute by default: a real user who mistyped waits
//   a minute, a guesser gets ten tries a minute). A success resets the pair.
//   One address failing on any accounts gets SIGNIN_IP_MAX_FAILURES an hour,
//   then is refused for SIGNIN_IP_BLOCK_SECONDS (spraying many accounts).
//   Another address is never blocked by these, so nobody can lock alice out
//   from elsewhere.
// - Commands: COMMAND_RATE_LIMIT per user per COMMAND_RATE_WINDOW_SECONDS,
//   checked in defineCommand (the API and server actions alike); 0 is off.
//
// Redis down: sign-in falls back to a per-process memory limiter (the
// library's insurance limiter), so the brute-force door stays shut while the
// store is away, only per instance. Commands fail open with a log line:
// commands keep working without Redis everywhere else in this app (Postgres
// is their store), and refusing every user's commands because the abuse
// counter is unreachable would turn a Redis outage into a full outage.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterStoreOptions } from 'rate-limiter-flexible';
import type { ApiError } from '@/server/contracts/api';
import { env } from '@/server/env';
import { log } from '@/server/log';
import type { Redis } from 'ioredis';
import { connectRedis } from '@/server/redis';

const HOUR = 3600;

/**
 * The limiters' own connection, without auto-pipelining: rate-limiter-flexible defines its Lua
 * command on the client when a limiter is made (on first use), which on an auto-pipelining client
 * with a pipeline pending wedges every Redis call in the process (see server/redis-scripts.ts).
 */
function limiterRedis(): Redis {
  globalForLimiters.__bookstoreLimiterRedis ??= connectRedis(env().REDIS_URL, { enableAutoPipelining: false, commandTimeout: 1000 });
  return globalForLimiters.__bookstoreLimiterRedis;
}
const globalForLimiters = globalThis as unknown as { __bookstoreLimiterRedis?: Redis };

function limiter(opts: Omit<IRateLimiterStoreOptions, 'storeClient'>, insured: boolean): RateLimiterRedis {
  return new RateLimiterRedis({
    ...opts,
    storeClient: limiterRedis(),
    // Not ready (down, reconnecting): answer from the insurance limiter, or fail, at once rather than queue.
    rejectIfRedisNotReady: true,
    ...(insured ? { insuranceLimiter: new RateLimiterMemory({ points: opts.points, duration: opts.duration }) } : {}),
  });
}

interface Limiters {
  accountAtAddress: RateLimiterRedis;
  address: RateLimiterRedis;
  commands: RateLimiterRedis | null;
}

let limiters: Limiters | undefined;

function get(): Limiters {
  if (limiters) return limiters;
  const config = env();
  limiters = {
    accountAtAddress: limiter(
      { keyPrefix: 'rl:signin:account', points: config.SIGNIN_MAX_FAILURES, duration: HOUR, blockDuration: config.SIGNIN_BLOCK_SECONDS },
      true,
    ),
    address: limiter({ keyPrefix: 'rl:signin:address', points: config.SIGNIN_IP_MAX_FAILURES, duration: HOUR, blockDuration: config.SIGNIN_IP_BLOCK_SECONDS }, true),
    commands:
      config.COMMAND_RATE_LIMIT === 0
        ? null
        : limiter({ keyPrefix: 'rl:commands', points: config.COMMAND_RATE_LIMIT, duration: config.COMMAND_RATE_WINDOW_SECONDS }, false),
  };
  return limiters;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

const limited = (message: string, ms: number): ApiError => ({ code: 'rate_limited', message, retryAfterSeconds: seconds(ms) });

const signInRefusal = (ms: number) => limited(`Too many failed sign-ins. Try again in ${seconds(ms)} s.`, ms);

/** Why this address may not try this account now (rate_limited with Retry-After), or null. Checked before the password is. */
export async function signInRefused(email: string, address: string): Promise<ApiError | null> {
  const { accountAtAddress, address: byAddress } = get();
  const [pair, whole] = await Promise.all([accountAtAddress.get(`${email}\n${address}`), byAddress.get(address)]).catch((error: unknown) => {
    // Even the memory fallback failed: let the password be checked (each check costs an scrypt).
    log.warn('ratelimit.signin_unavailable', { error: String(error) });
    return [null, null];
  });
  const blocked = [pair && pair.consumedPoints > accountAtAddress.points ? pair : null, whole && whole.consumedPoints > byAddress.points ? whole : null];
  const longest = Math.max(...blocked.map((r) => r?.msBeforeNext ?? 0));
  return longest > 0 ? signInRefusal(longest) : null;
}

/** Counts a wrong password; returns the refusal when this failure was one too many (the caller answers 429 instead of 401). */
export async function signInFailed(email: string, address: string): Promise<ApiError | null> {
  const { accountAtAddress, address: byAddress } = get();
  const outcomes = await Promise.allSettled([accountAtAddress.consume(`${email}\n${address}`), byAddress.consume(address)]);
  let longest = 0;
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    if (outcome.reason instanceof RateLimiterRes) longest = Math.max(longest, outcome.reason.msBeforeNext);
    else log.warn('ratelimit.signin_unavailable', { error: String(outcome.reason) });
  }
  return longest > 0 ? signInRefusal(longest) : null;
}

/** A good password: this address's count for this account starts again (the address's own count does not). */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  await get()
    .accountAtAddress.delete(`${email}\n${address}`)
    .catch((error: unknown) => log.warn('ratelimit.signin_unavailable', { error: String(error) }));
}

let lastOpenLog = 0;

/** Counts one command for this user; the refusal when over the limit, null otherwise (and when the limit is off or Redis is away). */
export async function commandRefused(userId: string): Promise<ApiError | null> {
  const { commands } = get();
  if (!commands) return null;
  try {
    await commands.consume(userId);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return limited(`Too many commands: at most ${commands.points} per ${commands.duration} s. Try again in ${seconds(error.msBeforeNext)} s.`, error.msBeforeNext);
    }
    // Fail open (see the top of the file), saying so at most every 10 s.
    if (Date.now() - lastOpenLog > 10_000) {
      lastOpenLog = Date.now();
      log.warn('ratelimit.commands_unchecked', { reason: 'Redis unavailable: commands run without the per-user limit', error: String(error) });
    }
    return null;
  }
}
