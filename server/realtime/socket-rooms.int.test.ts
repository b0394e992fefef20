// Pushes reach exactly who may see them: a customer's order changes go to that
// customer's sockets only, on every web instance.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { closeListeners, listenForAnnouncements as listen } from '@/server/testing/announcements';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

afterEach(closeListeners);

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('socket rooms', () => {
  it("bob's socket never receives alice's order changes; alice's does, on the other instance too", async () => {
    const [first, second] = inject('webUrls');
    const admin = await ApiClient.signedIn('admin@example.com');
    const [alice, bob] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('bob@example.com')]);
    const { bookId } = await addTestBook(admin, 10);
    const aliceId = ((await alice.get<{ user: { id: string } }>('/api/session')).body.user.id);

    // Alice listens on the second instance; Bob and an anonymous visitor on both.
    const aliceHears = await listen(second!, alice);
    const bobHears = await listen(first!, bob);
    const bobOnSecond = await listen(second!, bob);
    const anonymousHears = await listen(first!);

    // Written through the first instance.
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    // Her room's message and the public one are separate emits of the same position: wait for hers, not just the position.
    const reachedOrder = () => aliceHears.some((m) => m.position >= placed.body.position && m.changed.some((t) => t.startsWith(`orders:${aliceId}`)));
    await until(reachedOrder, "alice's socket to hear her order");
    await until(() => [bobHears, bobOnSecond, anonymousHears].every((h) => h.some((m) => m.position >= placed.body.position)), 'the others to hear the position');

    const aliceTags = aliceHears.flatMap((m) => m.changed);
    expect(aliceTags).toContain(`orders:${aliceId}`);
    expect(aliceTags).toContain(`orders:${aliceId}:${placed.body.orderId}`);
    for (const heard of [bobHears, bobOnSecond, anonymousHears]) {
      const everything = JSON.stringify(heard);
      expect(everything).not.toContain(aliceId);
      expect(everything).not.toContain(placed.body.orderId);
      // They still learn the public part: the book's stock changed.
      expect(heard.flatMap((m) => m.changed)).toContain(`book:${bookId}`);
    }
  });
});
