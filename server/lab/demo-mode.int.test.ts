// Demo mode over the API: one more web process with DEMO_MODE=1 beside the
// stack's own (which runs with it off), on the same Postgres and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookResponse, ProjectionStatus } from '@/server/contracts/api';
import type { Child } from '@/server/dev/child-process';
import { readLabSettings } from '@/server/lab/lab-settings';
import { ApiClient } from '@/server/testing/api-client';
import { startExtraWeb } from '@/server/testing/extra-web';
import { addTestBook, testDb } from '@/server/testing/fixtures';

const handle = testDb(2);
let demoWeb: Child;
let demoUrl: string;
// `demo*` talk to the DEMO_MODE=1 process, the others to the stack's own web.
let demoAnonymous: ApiClient, demoAlice: ApiClient, alice: ApiClient, admin: ApiClient;

beforeAll(async () => {
  ({ url: demoUrl, web: demoWeb } = await startExtraWeb('demo', { DEMO_MODE: '1' }));
  demoAnonymous = new ApiClient(demoUrl);
  [demoAlice, alice, admin] = await Promise.all([
    ApiClient.signedIn('alice@example.com', demoUrl),
    ApiClient.signedIn('alice@example.com'),
    ApiClient.signedIn('admin@example.com'),
  ]);
});

afterAll(async () => {
  await admin?.request('PUT', '/api/lab', { delayMs: 0, paused: false, failNextCommand: false });
  await demoWeb?.stop();
  await handle.sql.end();
});

describe('demo mode', () => {
  it('is announced by GET /api/projection, on the process that runs it only', async () => {
    expect((await demoAnonymous.get<ProjectionStatus>('/api/projection')).body.demoMode).toBe(true);
    expect((await new ApiClient().get<ProjectionStatus>('/api/projection')).body.demoMode).toBe(false);
  });

  it('lets a customer read and change the lab; the change is stored for everyone', async () => {
    expect((await demoAlice.get('/api/lab')).status).toBe(200);
    const put = await demoAlice.request('PUT', '/api/lab', { delayMs: 7 });
    expect(put).toMatchObject({ status: 200, body: { delayMs: 7 } });
    expect(await readLabSettings(handle)).toMatchObject({ delayMs: 7 });
    expect((await admin.get('/api/lab')).body).toMatchObject({ delayMs: 7 });

    // Without demo mode the same customer is refused, and nothing changes.
    expect((await alice.get('/api/lab')).status).toBe(403);
    const refused = await alice.request('PUT', '/api/lab', { delayMs: 0 });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await readLabSettings(handle)).toMatchObject({ delayMs: 7 });
    await admin.request('PUT', '/api/lab', { delayMs: 0 });
  });

  it('still turns away anonymous visitors', async () => {
    expect((await demoAnonymous.get('/api/lab')).status).toBe(401);
    expect((await demoAnonymous.request('PUT', '/api/lab', { paused: true })).status).toBe(401);
    expect(await readLabSettings(handle)).toMatchObject({ paused: false });
  });

  it('still validates what a customer sends the lab', async () => {
    const negative = await demoAlice.request('PUT', '/api/lab', { delayMs: -1 });
    expect(negative).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: { delayMs: [expect.any(String)] } } } });
    const wrongType = await demoAlice.request('PUT', '/api/lab', { paused: 'yes' });
    expect(wrongType).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: { paused: [expect.any(String)] } } } });
  });

  it('lets a customer change a price, and nothing else that is for admins', async () => {
    const { bookId, position } = await addTestBook(admin, 3);
    await admin.waitForProjection(position);
    expect((await demoAnonymous.post(`/api/books/${bookId}/price`, { priceCents: 1234 })).status).toBe(401);
    expect((await alice.post(`/api/books/${bookId}/price`, { priceCents: 1234 })).status).toBe(403);

    const changed = await demoAlice.post<{ position: number; version: number }>(`/api/books/${bookId}/price`, { priceCents: 1234 });
    expect(changed).toMatchObject({ status: 200, body: { position: expect.any(Number), version: 2 } });
    const book = await demoAlice.get<BookResponse>(`/api/books/${bookId}?consistency=primary`);
    expect(book.body.book).toMatchObject({ priceCents: 1234, version: 2 });

    expect((await demoAlice.post(`/api/books/${bookId}/restock`, { quantity: 1 })).status).toBe(403);
    expect((await demoAlice.post('/api/books', { title: 'T', author: 'A', priceCents: 100, stock: 1 })).status).toBe(403);
  });
});
