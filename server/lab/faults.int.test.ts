// Each lab fault acts on the real pipeline, and bad values change nothing.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BookResponse, LabSettingsView, ProjectionStatus, WorkerKilled } from '@/server/contracts/api';
import { closeListeners, listenForAnnouncements } from '@/server/testing/announcements';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { spawnWorker, waitFor } from '@/server/testing/worker-process';
import { DEMO_DEFAULTS, MAX_LAB_MS } from './lab-settings';

const CALM: LabSettingsView = { ...DEMO_DEFAULTS, delayMs: 0 };

let admin: ApiClient;
let alice: ApiClient;
let bob: ApiClient;

beforeAll(async () => {
  [admin, alice, bob] = await Promise.all([ApiClient.signedIn('admin@example.com'), ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('bob@example.com')]);
});
afterEach(async () => {
  closeListeners();
  expect((await admin.request('PUT', '/api/lab', CALM)).status).toBe(200);
});
afterAll(async () => {
  await admin.request('PUT', '/api/lab', CALM);
});

const setLab = async (patch: Partial<LabSettingsView>) => {
  const res = await admin.request<LabSettingsView>('PUT', '/api/lab', patch);
  expect(res.status).toBe(200);
  return res.body;
};
const order = (client: ApiClient, bookId: string) => client.post<{ position: number; error?: { code: string } }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
const stockOf = async (bookId: string) => (await admin.get<BookResponse>(`/api/books/${bookId}?consistency=primary`)).body.book.stock;

const listen = () => listenForAnnouncements(inject('baseUrl'));

describe('lab fault settings', () => {
  it.each([
    ['jitterMs', -1],
    ['jitterMs', MAX_LAB_MS + 1],
    ['failAfterMs', 1.5],
    ['holdNextAppendMs', '500'],
    ['dropPushes', 1001],
    ['duplicatePushes', -2],
    ['reorderPushes', null],
  ])('%s = %j is refused with 400 naming the field, and nothing changes', async (field, value) => {
    const before = (await admin.get<LabSettingsView>('/api/lab')).body;
    const res = await admin.request<{ error: { code: string; fields: Record<string, string[]> } }>('PUT', '/api/lab', { delayMs: 700, [field]: value });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    expect((await admin.get<LabSettingsView>('/api/lab')).body).toEqual(before);
  });

  it('are the lab\'s: a customer outside demo mode gets 403 for each of them', async () => {
    expect((await alice.request('PUT', '/api/lab', { dropPushes: 1 })).status).toBe(403);
    expect((await alice.post('/api/lab/kill-worker')).status).toBe(403);
    expect((await alice.post('/api/lab/stop-redis', { ms: 1000 })).status).toBe(403);
    expect((await admin.get<LabSettingsView>('/api/lab')).body.dropPushes).toBe(0);
  });
});

describe('faults on the command path', () => {
  it('failAfterMs: "Fail next command" answers only after the wait, and writes nothing', async () => {
    const { bookId } = await addTestBook(admin, 5);
    await setLab({ failNextCommand: true, failAfterMs: 600 });
    const startedAt = Date.now();
    const failed = await order(alice, bookId);
    expect(failed.status).toBe(503);
    expect(failed.body.error?.code).toBe('lab_failure');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(600);
    expect(await stockOf(bookId)).toBe(5);
    // Used up: the next command goes through at once.
    expect((await order(alice, bookId)).status).toBe(201);
  });

  it('holdNextAppendMs: other writers queue behind the held append, the projection waits for it, and /api/projection names it', async () => {
    const [held, queued] = await Promise.all([addTestBook(admin, 5), addTestBook(admin, 5)]);
    await admin.waitForProjection(Math.max(held.position, queued.position));
    await setLab({ holdNextAppendMs: 1500 });
    const startedAt = Date.now();
    const first = order(alice, held.bookId);
    // The hold is used up by whichever command takes it; wait until it has been.
    await waitFor(async () => (await admin.get<LabSettingsView>('/api/lab')).body.holdNextAppendMs === 0, 'the hold to be taken');
    const second = order(bob, queued.bookId);
    const status = await waitFor(async () => {
      const s = (await admin.get<ProjectionStatus>('/api/projection')).body;
      return s.waitingOn && s.waitingOn.writersQueued >= 1 ? s : undefined;
    }, '/api/projection to name the held writer');
    expect(status.waitingOn!.reason).toMatch(/append lock/);
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    // The queued writer could not commit before the held one: it is after it in the log, and answered no sooner.
    expect(b.body.position).toBeGreaterThan(a.body.position);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1500);
    await admin.waitForProjection(b.body.position);
    expect([await stockOf(held.bookId), await stockOf(queued.bookId)]).toEqual([4, 4]);
    expect((await admin.get<ProjectionStatus>('/api/projection')).body.waitingOn).toBeNull();
  });
});

describe('faults on the projection', () => {
  it('jitterMs: each event waits the delay plus or minus the jitter, and still applies in order', async () => {
    const { bookId, position } = await addTestBook(admin, 100);
    await admin.waitForProjection(position);
    await setLab({ delayMs: 400, jitterMs: 300 });
    const held: number[] = [];
    for (let i = 0; i < 10; i++) {
      const placed = await order(alice, bookId);
      const read = await alice.get<BookResponse & { projection: { heldMs?: number } }>(`/api/books/${bookId}?consistency=wait&minPosition=${placed.body.position}&timeoutMs=5000`);
      expect(read.body.projection.position).toBeGreaterThanOrEqual(placed.body.position);
      held.push(read.body.projection.heldMs ?? 0);
    }
    expect(Math.min(...held)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...held)).toBeLessThanOrEqual(700 + 400);
    // Not one fixed delay: the spread shows.
    expect(Math.max(...held) - Math.min(...held)).toBeGreaterThan(150);
    expect(await stockOf(bookId)).toBe(90);
  });
});

describe('faults on the push to browsers', () => {
  it('dropPushes: the dropped push never arrives, and the worker repeats its position so a client notices the gap', async () => {
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);
    const heard = await listen();
    await setLab({ dropPushes: 1 });
    const placed = await order(alice, bookId);
    await waitFor(async () => heard.find((m) => m.repeat && m.position >= placed.body.position), 'the worker to repeat its position', 5000);
    expect(heard.filter((m) => !m.repeat && m.position === placed.body.position)).toEqual([]);
    const repeat = heard.find((m) => m.repeat)!;
    // What a client checks: the repeat starts past the last position it heard.
    const lastHeard = Math.max(0, ...heard.filter((m) => !m.repeat).map((m) => m.position));
    expect(repeat.from).toBeGreaterThan(lastHeard);
    expect((await admin.get<LabSettingsView>('/api/lab')).body.dropPushes).toBe(0);
  });

  it('duplicatePushes: the next push arrives twice', async () => {
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);
    const heard = await listen();
    await setLab({ duplicatePushes: 1 });
    const placed = await order(alice, bookId);
    await waitFor(async () => heard.filter((m) => !m.repeat && m.position === placed.body.position).length === 2, 'the push twice', 5000);
    const again = await order(alice, bookId);
    await waitFor(async () => heard.some((m) => m.position === again.body.position), 'the next push', 5000);
    expect(heard.filter((m) => !m.repeat && m.position === again.body.position)).toHaveLength(1);
  });

  it('reorderPushes: the push is held back and sent after the one that follows it', async () => {
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);
    const heard = await listen();
    await setLab({ reorderPushes: 1 });
    const first = await order(alice, bookId);
    await admin.waitForProjection(first.body.position);
    const second = await order(alice, bookId);
    await waitFor(async () => heard.some((m) => m.position === first.body.position), 'the held push', 5000);
    const order_ = heard.filter((m) => !m.repeat).map((m) => m.position);
    expect(order_.indexOf(second.body.position)).toBeGreaterThanOrEqual(0);
    expect(order_.indexOf(second.body.position)).toBeLessThan(order_.indexOf(first.body.position));
  });
});

describe('faults on the processes', () => {
  it('Kill active worker: it exits hard, the standby takes over within 2 s, and the next command is projected', async () => {
    const activeBefore = await waitFor(async () => (await admin.get<ProjectionStatus>('/api/projection')).body.activeWorker ?? undefined, 'an active worker');
    const standby = spawnWorker(inject('redisUrl'));
    try {
      await waitFor(async () => standby.output().includes('"worker.standby"'), 'the spawned worker to stand by');
      const killed = await admin.post<WorkerKilled>('/api/lab/kill-worker');
      expect(killed.status).toBe(202);
      expect(killed.body.killed.pid).toBe(activeBefore.pid);
      const killedAt = Date.now();
      await waitFor(async () => (await admin.get<ProjectionStatus>('/api/projection')).body.activeWorker?.pid === standby.child.pid, 'the standby to be named active', 5000);
      expect(Date.now() - killedAt).toBeLessThan(2000);
      const { bookId, position } = await addTestBook(admin, 3);
      await admin.waitForProjection(position, 2000);
      expect((await admin.get<BookResponse>(`/api/books/${bookId}`)).body.book.stock).toBe(3);
    } finally {
      standby.child.kill('SIGTERM');
      await standby.exited;
    }
    // The stack's own worker was restarted by its supervisor and takes over again.
    await waitFor(async () => {
      const w = (await admin.get<ProjectionStatus>('/api/projection')).body.activeWorker;
      return w && w.pid !== standby.child.pid && w.pid !== activeBefore.pid;
    }, 'the restarted worker to take over');
  });

  it('Stop Redis: reads answer from Postgres and say so, then go back to the read models by themselves', async () => {
    const { bookId, position } = await addTestBook(admin, 4);
    await admin.waitForProjection(position);
    for (const bad of [{ ms: 0 }, { ms: MAX_LAB_MS + 1 }, { ms: 'soon' }, {}]) {
      const res = await admin.request<{ error: { code: string; fields: Record<string, string[]> } }>('POST', '/api/lab/stop-redis', bad);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['ms']);
    }
    const stopped = await admin.post<{ until: string }>('/api/lab/stop-redis', { ms: 2500 });
    expect(stopped.status).toBe(202);
    const during = await alice.get<BookResponse & { projection: { readModel?: string } }>(`/api/books/${bookId}`);
    expect(during.status).toBe(200);
    expect(during.body.projection).toMatchObject({ source: 'primary', readModel: 'unavailable' });
    expect(during.body.book.stock).toBe(4);
    const after = await waitFor(async () => {
      const r = await alice.get<BookResponse>(`/api/books/${bookId}`);
      return r.body.projection.source === 'read-model' ? r : undefined;
    }, 'reads to return to the read models', 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(stopped.body.until) - 50);
    expect(after.body.book.stock).toBe(4);
  });
});
