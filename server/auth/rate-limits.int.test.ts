// The doors' rate limits over HTTP: one more web process with small limits and
// short blocks beside the stack's own (whose command limit is off), on the same
// Postgres and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Child } from '@/server/dev/child-process';
import { ApiClient, type ApiResponse } from '@/server/testing/api-client';
import { startExtraWeb } from '@/server/testing/extra-web';
import { addTestBook } from '@/server/testing/fixtures';

const MAX_FAILURES = 5;
const IP_MAX_FAILURES = 20;
const BLOCK_SECONDS = 2;
const COMMANDS_PER_WINDOW = 8;

let web: Child;
let url: string;

beforeAll(async () => {
  ({ url, web } = await startExtraWeb('limits', {
    SIGNIN_MAX_FAILURES: String(MAX_FAILURES),
    SIGNIN_IP_MAX_FAILURES: String(IP_MAX_FAILURES),
    SIGNIN_BLOCK_SECONDS: String(BLOCK_SECONDS),
    SIGNIN_IP_BLOCK_SECONDS: String(BLOCK_SECONDS),
    COMMAND_RATE_LIMIT: String(COMMANDS_PER_WINDOW),
    COMMAND_RATE_WINDOW_SECONDS: '60',
  }));
});

afterAll(async () => {
  await web?.stop();
});

const signIn = (email: string, password: string) => new ApiClient(url).post('/api/session', { email, password });

/** Waits out the Retry-After a refusal named (the block itself, nothing more). */
const waitOut = (res: ApiResponse) => new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));

function expectRateLimited(res: ApiResponse) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ error: { code: 'rate_limited' } });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(BLOCK_SECONDS);
}

describe('sign-in throttling', () => {
  it('answers 30 wrong passwords for one account with 429 before the 30th; the right one waits out the block, then works', async () => {
    const answers: ApiResponse[] = [];
    for (let i = 0; i < 30; i++) answers.push(await signIn('alice@example.com', `wrong-${i}`));
    const firstRefused = answers.findIndex((a) => a.status === 429);
    expect(answers.slice(0, MAX_FAILURES).map((a) => a.status)).toEqual(Array(MAX_FAILURES).fill(401));
    expect(firstRefused).toBe(MAX_FAILURES);
    expectRateLimited(answers[firstRefused]!);
    // Every later attempt is refused too (not answered 401: the password was not even checked).
    expect(new Set(answers.slice(firstRefused).map((a) => a.status))).toEqual(new Set([429]));

    const whileBlocked = await signIn('alice@example.com', 'bookstore');
    expectRateLimited(whileBlocked);
    await waitOut(whileBlocked);
    expect((await signIn('alice@example.com', 'bookstore')).status).toBe(200);
    // The success reset the account's count: a wrong password is a plain 401 again.
    expect((await signIn('alice@example.com', 'wrong')).status).toBe(401);
    expect((await signIn('alice@example.com', 'bookstore')).status).toBe(200);
  });

  it('refuses one address that fails on many accounts, for a short block', async () => {
    const answers: ApiResponse[] = [];
    for (let i = 0; i < IP_MAX_FAILURES + 2; i++) answers.push(await signIn(`nobody-${crypto.randomUUID()}@example.com`, 'guess'));
    const refused = answers.find((a) => a.status === 429);
    expect(refused, 'no 429 among the failures').toBeDefined();
    expectRateLimited(refused!);
    // Even a good password for an account this address never failed on waits.
    const good = await signIn('bob@example.com', 'bookstore');
    expectRateLimited(good);
    await waitOut(good);
    expect((await signIn('bob@example.com', 'bookstore')).status).toBe(200);
  });
});

describe('command rate limit', () => {
  it('answers commands over the per-user limit with 429 and Retry-After, on the API', async () => {
    const admin = await ApiClient.signedIn('admin@example.com', url);
    const { bookId } = await addTestBook(admin, 100);
    const statuses: number[] = [];
    let refusal: ApiResponse | undefined;
    for (let i = 0; i < COMMANDS_PER_WINDOW + 2; i++) {
      const res = await admin.post(`/api/books/${bookId}/restock`, { quantity: 1 });
      statuses.push(res.status);
      if (res.status === 429) refusal ??= res;
    }
    // The add-book above was the first of this window's commands.
    expect(statuses.slice(0, COMMANDS_PER_WINDOW - 1)).toEqual(Array(COMMANDS_PER_WINDOW - 1).fill(200));
    expect(statuses.slice(COMMANDS_PER_WINDOW - 1)).toEqual([429, 429, 429]);
    expect(refusal!.body).toMatchObject({ error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
    const retryAfter = Number(refusal!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Per user: another user's commands still run.
    const alice = await ApiClient.signedIn('alice@example.com', url);
    expect((await alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] })).status).toBe(201);
  });
});
