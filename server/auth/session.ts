// The session is a sealed (encrypted + signed) httpOnly cookie, via iron-session.
// The same seal is opened by route handlers, server actions and the socket.io handshake.
//
// Sign-out revokes: each session has an id (`sid`), and signing out writes it
// to a deny list (Postgres, copied into Redis) that every web instance checks
// on every request, apart from the unseal cache below (one MGET per request,
// auto-pipelined), so a copy of the cookie taken before sign-out is refused
// everywhere at once, and still after Redis restarts empty.
import { randomUUID } from 'node:crypto';
import { unsealData, type SessionOptions } from 'iron-session';
import { LRUCache } from 'lru-cache';
import type { SessionUser } from '@/server/contracts/api';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { isConnected, noteRedisFailure, sharedRedis } from '@/server/redis';
import { sharedDb } from '@/db/client';
import { logIdentityOrUnknown, readLogIdentity } from '@/server/events/log-identity';

export const SESSION_COOKIE = 'bookstore_session';
const MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionData {
  user?: SessionUser;
  /** This sign-in's id, for revocation. A seal without one (from before revocation existed) is treated as signed out. */
  sid?: string;
  /**
   * The event log this sign-in was made against (`log_identity`). A store started over with the same
   * SESSION_SECRET has another: the seal names a user id that database does not have, and its sign-out
   * was recorded in the old one, so it is treated as signed out. A seal without one (older) is not checked.
   */
  log?: string;
}

export const newSessionId = (): string => randomUUID();

export interface OpenedSession {
  user: SessionUser;
  sid: string;
}

export function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: env().SESSION_SECRET,
    ttl: MAX_AGE_SECONDS,
    cookieOptions: {
      httpOnly: true,
      sameSite: 'lax',
      secure: env().COOKIE_SECURE,
      path: '/',
    },
  };
}

/**
 * Seals this process has opened. Opening one derives two keys (PBKDF2) and
 * checks an HMAC: a tenth of the web process's CPU per command in `npm run
 * bench` (scenario 2), spent on the same cookie every time. A seal cannot be
 * forged, so the same string always opens to the same user; the only
 * difference the cache makes is that a seal may be honoured for up to
 * CACHE_TTL past its own expiry (which is a week after sign-in).
 */
const CACHE_TTL_MS = 60_000;
const opened = new LRUCache<string, OpenedSession>({ max: 10_000, ttl: CACHE_TTL_MS });

/** What a seal says (user and session id), whether or not it was revoked since; null if it names no one. */
export async function openSealedCookie(sealed: string | undefined): Promise<OpenedSession | null> {
  if (!sealed) return null;
  const known = opened.get(sealed);
  if (known) return known;
  const data = await unsealData<SessionData>(sealed, { password: env().SESSION_SECRET, ttl: MAX_AGE_SECONDS });
  if (!data.user || !data.sid) return null;
  if (data.log !== undefined && !(await isThisLog(data.log))) return null;
  const session = { user: data.user, sid: data.sid };
  opened.set(sealed, session);
  return session;
}

/** Each process reads the log's identity once. While Postgres does not answer it is unknown, and the seal is honoured. */
async function isThisLog(log: string): Promise<boolean> {
  const current = await logIdentityOrUnknown(sessionsDb(), LOG_IDENTITY_WAIT_MS);
  return current === undefined || current === log;
}
const LOG_IDENTITY_WAIT_MS = 300;

/** The log a sign-in made now belongs to, to seal into its session. */
export const currentLog = (): Promise<string> => readLogIdentity(sessionsDb());

/** The signed-in user a session cookie names, or null if it names none or was signed out. */
export async function userFromSealedCookie(sealed: string | undefined): Promise<SessionUser | null> {
  const session = await openSealedCookie(sealed);
  if (!session || (await isRevoked(session.sid))) return null;
  return session.user;
}

/**
 * `read` for the user a session cookie names, with whether that session was
 * signed out asked beside it rather than before it: for a read whose own Redis
 * command can leave with the check (one round trip instead of two). Signed
 * out, its answer is dropped and `read` runs again for no one, as
 * userFromSealedCookie would have it. Never for a write: a write must not start
 * for a session that was signed out.
 */
export async function readAsSessionUser<T>(sealed: string | undefined, read: (user: SessionUser | null) => Promise<T>): Promise<T> {
  const session = await openSealedCookie(sealed);
  const answering = read(session?.user ?? null);
  answering.catch(() => undefined); // awaited below, or superseded
  return session && (await isRevoked(session.sid)) ? read(null) : answering;
}

const revokedKey = (sid: string) => `session:revoked:${sid}`;
/** Set once Redis holds every revocation Postgres has; gone with everything else when Redis restarts empty. */
const REVOCATIONS_LOADED_KEY = 'session:revocations-loaded';

/**
 * Whether this session was signed out. Every revocation is in Postgres, and in
 * Redis for the check every request makes (one MGET, auto-pipelined, with the
 * marker that says Redis has them all). Redis back empty: the list is copied
 * into it again before it is trusted. Redis unreachable: Postgres answers.
 * Both unreachable: not revoked (fail open, logged), as every other read
 * falls back rather than stops the store; the cookie still expires in a week.
 */
export async function isRevoked(sid: string): Promise<boolean> {
  const redis = sharedRedis(env().REDIS_URL);
  if (isConnected(redis)) {
    try {
      const [revoked, complete] = await redis.mget(revokedKey(sid), REVOCATIONS_LOADED_KEY);
      if (revoked !== null) return true;
      if (complete !== null && copiedUpTo === missedSignOuts) return false;
      // Redis lacks part of the list (back empty, or it missed a sign-out): copy it again, and ask Postgres meanwhile.
      void reloadRevocations();
    } catch (error) {
      noteRedisFailure(redis, error);
    }
  }
  try {
    const [row] = await sessionsDb().sql<{ n: number }[]>`select 1 as n from revoked_sessions where sid = ${sid} and expires_at > now()`;
    return row !== undefined;
  } catch (error) {
    return warnUnchecked(String(error));
  }
}

let reloading: Promise<void> | null = null;
/** Sign-outs whose Redis copy failed (Redis down at the time), and how many of them the last copy from Postgres covered. */
let missedSignOuts = 0;
let copiedUpTo = 0;

/** Copies every live revocation from Postgres into Redis, then sets the marker. One at a time per process; harmless if instances race. */
function reloadRevocations(): Promise<void> {
  reloading ??= (async () => {
    // Each missed sign-out was in Postgres before its Redis write failed, so the rows read below include it.
    const upTo = missedSignOuts;
    const { sql } = sessionsDb();
    await sql`delete from revoked_sessions where expires_at <= now()`;
    const rows = await sql<{ sid: string; ttl: number }[]>`
      select sid, ceil(extract(epoch from expires_at - now()))::int as ttl from revoked_sessions`;
    const pipeline = sharedRedis(env().REDIS_URL).multi();
    for (const { sid, ttl } of rows) pipeline.set(revokedKey(sid), '1', 'EX', Math.max(1, ttl));
    pipeline.set(REVOCATIONS_LOADED_KEY, new Date().toISOString());
    await pipeline.exec();
    copiedUpTo = upTo;
    log.info('session.revocations_loaded', { count: rows.length });
  })()
    .catch((error: unknown) => log.warn('session.revocations_not_loaded', { error: String(error) })) // the next check tries again
    .finally(() => (reloading = null));
  return reloading;
}

let lastWarned = 0;
function warnUnchecked(reason: string): false {
  if (Date.now() - lastWarned > 10_000) {
    lastWarned = Date.now();
    log.warn('session.revocation_unchecked', { reason });
  }
  return false;
}

/** Signs this session out on every instance: Postgres first (it outlives Redis), kept until the seal itself would have expired. */
export async function revokeSession(sid: string): Promise<void> {
  await sessionsDb().sql`
    insert into revoked_sessions (sid, expires_at) values (${sid}, now() + ${MAX_AGE_SECONDS} * interval '1 second') on conflict (sid) do nothing`;
  try {
    await sharedRedis(env().REDIS_URL).set(revokedKey(sid), '1', 'EX', MAX_AGE_SECONDS);
  } catch (error) {
    // Revoked for good in Postgres; Redis, if it comes back with its data, lacks this one: copy the list again then.
    missedSignOuts++;
    log.warn('session.revocation_not_in_redis', { error: String(error) });
  }
}


// As sharedRedis above: server/context would close a cycle between folders (it imports auth/rate-limits).
const sessionsDb = () => sharedDb(env().DATABASE_URL);
