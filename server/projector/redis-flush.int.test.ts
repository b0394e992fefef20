// Redis flushed (or restarted empty): queries fall back to Postgres and say so,
// the worker rebuilds from the log, and service returns to Redis by itself.
import { afterAll, describe, expect, it } from 'vitest';
import type { BookResponse, ProjectionStatus } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testRedis } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

const live = testRedis(0);
afterAll(() => live.redis.disconnect());

describe('losing the read models', () => {
  it('serves from the primary while the worker rebuilds, then from the read model again, with the same data', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId, position } = await addTestBook(admin, 7);
    await admin.waitForProjection(position);
    const before = (await admin.get<BookResponse>(`/api/books/${bookId}`)).body;
    expect(before.projection.source).toBe('read-model');

    await live.redis.flushdb();
    const during = (await admin.get<BookResponse>(`/api/books/${bookId}`)).body;
    expect(during.projection).toMatchObject({ source: 'primary', readModel: 'rebuilding' });
    expect(during.book).toEqual(before.book);
    const status = (await admin.get<ProjectionStatus>('/api/projection')).body;
    expect(status.readModel).not.toBe('ready');

    await waitFor(async () => (await admin.get<ProjectionStatus>('/api/projection')).body.readModel === 'ready', 'the rebuild to finish');
    const after = (await admin.get<BookResponse>(`/api/books/${bookId}`)).body;
    expect(after.projection.source).toBe('read-model');
    expect(after.projection.position).toBeGreaterThanOrEqual(position);
    expect(after.book).toEqual(before.book);
  });
});
