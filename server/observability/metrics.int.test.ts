// Operators can see commands, projection lag and fallbacks in Prometheus format.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { sampleMetric } from './metrics-text';

/** A counter not yet incremented has no line: 0. */
const sample = (text: string, name: string, labels = ''): number => sampleMetric(text, name, labels) ?? 0;

describe('GET /api/metrics', () => {
  it('counts commands by outcome and reports projection lag, applied events and fallbacks', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const metrics = async () => {
      const res = await fetch(new URL('/api/metrics', admin.baseUrl));
      expect(res.headers.get('content-type')).toContain('text/plain');
      return res.text();
    };
    const before = await metrics();
    const { bookId } = await addTestBook(admin, 1);
    const ok = await alice.post<{ position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    await alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] }); // sold out: 409
    await alice.waitForProjection(ok.body.position);
    await alice.get('/api/orders?consistency=read-your-writes');
    await new Promise((r) => setTimeout(r, 100));
    const after = await metrics();

    const placed = (t: string, outcome: string) => sample(t, 'bookstore_commands_total', `command="place-order",outcome="${outcome}"`);
    expect(placed(after, 'ok') - placed(before, 'ok')).toBe(1);
    expect(placed(after, 'insufficient_stock') - placed(before, 'insufficient_stock')).toBe(1);
    expect(sample(after, 'bookstore_events_applied_total')).toBeGreaterThan(sample(before, 'bookstore_events_applied_total'));
    expect(sample(after, 'bookstore_projection_lag_seconds_count')).toBeGreaterThan(0);
    expect(after).toContain('bookstore_command_duration_seconds_bucket');
    expect(after).toContain('bookstore_socket_connections');
  });

  it('counts reads that fell back to the primary', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const bob = await ApiClient.signedIn('bob@example.com');
    const fallbacks = async () => sample(await (await fetch(new URL('/api/metrics', admin.baseUrl))).text(), 'bookstore_primary_fallbacks_total', 'reason="behind-session-token"');
    const { bookId, position } = await addTestBook(admin, 5);
    await bob.waitForProjection(position);
    const before = await fallbacks();
    await admin.request('PUT', '/api/lab', { paused: true });
    try {
      await bob.post('/api/orders', { lines: [{ bookId, quantity: 1 }] });
      const read = await bob.get<{ projection: { source: string } }>('/api/orders?consistency=read-your-writes');
      expect(read.body.projection.source).toBe('primary');
    } finally {
      await admin.request('PUT', '/api/lab', { paused: false });
    }
    expect((await fallbacks()) - before).toBe(1);
  });
});
