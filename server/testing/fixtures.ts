// Direct handles on the test stack's stores, for setting up and inspecting state.
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '@/db/client';
import { connectRedis } from '@/server/redis';
import type { SessionUser } from '@/server/contracts/api';
import { ApiClient } from './api-client';

export function testDb(max = 20): DbHandle {
  return connectDb(inject('databaseUrl'), { max });
}

/** A Redis connection to a database of its own (1-15), so a test projection cannot touch the live one. */
export function testRedis(database = 0) {
  const url = new URL(inject('redisUrl'));
  url.pathname = `/${database}`;
  return { redis: connectRedis(url.toString()), url: url.toString() };
}

export async function userByEmail({ sql }: DbHandle, email: string): Promise<SessionUser> {
  const [row] = await sql<SessionUser[]>`select id, email, name, role from users where email = ${email}`;
  if (!row) throw new Error(`no user ${email}`);
  return row;
}

/** Adds a fresh book through the API as admin; returns its id and the command's position. */
export async function addTestBook(admin: ApiClient, stock: number, title = `Test Book ${crypto.randomUUID().slice(0, 8)}`) {
  const res = await admin.post<{ bookId: string; position: number }>('/api/books', { title, author: 'Test Author', priceCents: 1500, stock });
  if (res.status !== 201) throw new Error(`add book failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Every key of a Redis database with its value, in a comparable form; with
 * `namespace`, only that namespace's keys, named without it.
 */
export async function dumpRedis(redis: ReturnType<typeof connectRedis>, namespace?: string): Promise<Record<string, unknown>> {
  const keys = (await redis.keys(namespace ? `${namespace}:*` : '*')).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const name = namespace ? key.slice(namespace.length + 1) : key;
    const type = await redis.type(key);
    if (type === 'string') out[name] = await redis.get(key);
    else if (type === 'zset') out[name] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    else out[name] = `<${type}>`;
  }
  return out;
}
