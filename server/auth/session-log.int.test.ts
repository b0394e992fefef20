// A session belongs to the event log it was signed in against. With a fixed
// SESSION_SECRET, deleting .data/ (README: "to start over") leaves browsers
// holding seals the new store can still open, naming user ids it does not have
// and sign-outs it never recorded: they count as signed out, over HTTP and on
// the socket (which then joins no user's room).
import { sealData, unsealData } from 'iron-session';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import type { SessionUser } from '@/server/contracts/api';
import { readLogIdentity } from '@/server/events/log-identity';
import { closeListeners, listenForAnnouncements as listen } from '@/server/testing/announcements';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';
import { SESSION_COOKIE, type SessionData } from './session';

const handle = testDb(1);
afterAll(() => handle.sql.end({ timeout: 1 }));
afterEach(closeListeners);

const password = () => inject('sessionSecret');
const sealed = async (data: SessionData) => `${SESSION_COOKIE}=${await sealData(data, { password: password() })}`;
const sessionOf = (client: ApiClient) =>
  unsealData<SessionData>(new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(client.cookieHeader())![1]!, { password: password() });

describe('a session and its event log', () => {
  it('is sealed with the log it was signed in against', async () => {
    const bob = await ApiClient.signedIn('bob@example.com');
    expect((await sessionOf(bob)).log).toBe(await readLogIdentity(handle));
  });

  it('sealed against another log is signed out on every instance; one sealed before logs were named still works', async () => {
    const [first, second] = inject('webUrls');
    const bob = (await sessionOf(await ApiClient.signedIn('bob@example.com'))).user as SessionUser;
    const cookies = {
      otherLog: await sealed({ user: bob, sid: crypto.randomUUID(), log: crypto.randomUUID() }),
      thisLog: await sealed({ user: bob, sid: crypto.randomUUID(), log: await readLogIdentity(handle) }),
      unnamed: await sealed({ user: bob, sid: crypto.randomUUID() }),
    };
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    // A POST with no lines is refused by validation, which comes after the session check: 400 says it passed.
    const signedIn = { read: 200, write: 400, signedInAs: 'bob@example.com' };
    const signedOut = { read: 401, write: 401, signedInAs: null };
    for (const [name, cookie] of Object.entries(cookies)) {
      for (const url of [first!, second!]) {
        const headers = { cookie, origin: url, 'content-type': 'application/json' };
        const read = await fetch(`${url}/api/orders`, { headers });
        const write = await fetch(`${url}/api/orders`, { method: 'POST', headers, body: JSON.stringify({ lines: [] }) });
        const session = (await (await fetch(`${url}/api/session`, { headers })).json()) as { user: SessionUser | null };
        seen[`${name} on ${url}`] = { read: read.status, write: write.status, signedInAs: session.user?.email ?? null };
        expected[`${name} on ${url}`] = name === 'otherLog' ? signedOut : signedIn;
      }
    }
    expect(seen).toEqual(expected);
  });

  it("a socket sealed against another log hears no user's orders", async () => {
    const [, second] = inject('webUrls');
    const admin = await ApiClient.signedIn('admin@example.com');
    const bobClient = await ApiClient.signedIn('bob@example.com');
    const bob = (await sessionOf(bobClient)).user as SessionUser;
    const { bookId } = await addTestBook(admin, 10);
    const as = async (log: string) => {
      const cookie = await sealed({ user: bob, sid: crypto.randomUUID(), log });
      return listen(second!, { cookieHeader: () => cookie });
    };
    const otherLogHears = await as(crypto.randomUUID());
    const thisLogHears = await as(await readLogIdentity(handle));

    const placed = await bobClient.post<{ position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const hearsOrders = (heard: typeof thisLogHears) => heard.some((m) => m.changed.some((t) => t.startsWith(`orders:${bob.id}`)));
    await waitFor(async () => hearsOrders(thisLogHears), "the socket of this log to hear bob's order");
    await waitFor(async () => otherLogHears.some((m) => m.position >= placed.body.position), 'the other socket to hear the position');
    expect(JSON.stringify(otherLogHears)).not.toContain(bob.id);
  });
});
