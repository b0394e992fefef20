import { describe, expect, it } from 'vitest';
import { routeAnnouncement } from './route-announcement';

describe('routing an announcement to rooms', () => {
  it("sends each customer only their own order changes and everyone the public ones", () => {
    const routed = routeAnnouncement({
      from: 40,
      position: 42,
      changed: ['catalog', 'book:b1', 'orders:alice', 'orders:alice:o1', 'orders:bob', 'orders:bob:o2', 'bestsellers'],
    });
    expect(routed).toEqual([
      { room: 'catalog', message: { from: 40, position: 42, changed: ['catalog', 'book:b1', 'bestsellers'] } },
      { room: 'user:alice', message: { from: 40, position: 42, changed: ['orders:alice', 'orders:alice:o1'] } },
      { room: 'user:bob', message: { from: 40, position: 42, changed: ['orders:bob', 'orders:bob:o2'] } },
    ]);
  });

  it('still tells everyone the new position when nothing public changed', () => {
    expect(routeAnnouncement({ from: 5, position: 7, changed: ['orders:alice'] })[0]).toEqual({ room: 'catalog', message: { from: 5, position: 7, changed: [] } });
  });

  it('announces no tag it cannot parse: it cannot tell who may see it', () => {
    // `orders:` once went to everyone (no owner to route it to).
    expect(routeAnnouncement({ from: 1, position: 2, changed: ['orders:', 'orders::o1', 'book:', 'catalog'] })).toEqual([
      { room: 'catalog', message: { from: 1, position: 2, changed: ['catalog'] } },
    ]);
  });
});
