// The session is a sealed (encrypted + signed) httpOnly cookie, via iron-session.
// The same seal is opened by route handlers, server actions and the socket.io handshake.
//
// Sign-out revokes: each session has an id (`sid`), and signing out writes it
// to a deny list in Redis that every web instance checks on every request,
// apart from the unseal cache below (one EXISTS per request, auto-pipelined),
// so a copy of the cookie taken before sign-out is refused everywhere at once.
import { randomUUID } from 'node:crypto';
import { unsealData, type SessionOptions } from 'iron-session';
import { LRUCache } from 'lru-cache';
import type { SessionUser } from '@/server/contracts/api';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { isConnected, noteRedisFailure, sharedRedis } from '@/server/redis';

export const SESSION_COOKIE = 'bookstore_session';
const MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionData {
  user?: SessionUser;
  /** This sign-in's id, for revocation. A seal without one (from before revocation existed) is treated as signed out. */
  sid?: string;
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
  const session = { user: data.user, sid: data.sid };
  opened.set(sealed, session);
  return session;
}

/** The signed-in user a session cookie names, or null if it names none or was signed out. */
export async function userFromSealedCookie(sealed: string | undefined): Promise<SessionUser | null> {
  const session = await openSealedCookie(sealed);
  if (!session || (await isRevoked(session.sid))) return null;
  return session.user;
}

const revokedKey = (sid: string) => `session:revoked:${sid}`;

/**
 * Whether this session was signed out. Redis unreachable: not revoked (fail
 * open, logged), as every other Redis use here falls back rather than stops
 * the store; the cookie itself still expires after a week. A flushed Redis
 * forgets revocations the same way.
 */
export async function isRevoked(sid: string): Promise<boolean> {
  const redis = sharedRedis(env().REDIS_URL);
  if (!isConnected(redis)) return warnUnchecked('Redis unavailable');
  try {
    return (await redis.exists(revokedKey(sid))) === 1;
  } catch (error) {
    noteRedisFailure(redis, error);
    return warnUnchecked(String(error));
  }
}

let lastWarned = 0;
function warnUnchecked(reason: string): false {
  if (Date.now() - lastWarned > 10_000) {
    lastWarned = Date.now();
    log.warn('session.revocation_unchecked', { reason });
  }
  return false;
}

/** Signs this session out on every instance: kept until the seal itself would have expired. */
export async function revokeSession(sid: string): Promise<void> {
  await sharedRedis(env().REDIS_URL).set(revokedKey(sid), '1', 'EX', MAX_AGE_SECONDS);
}
