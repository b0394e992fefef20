import { describe, expect, it } from 'vitest';
import type { ProjectionStamp } from '@/server/contracts/api';
import { histogram, measure, percentile, type CommandTiming, type Observation } from './measure';

const rm = (position: number): ProjectionStamp => ({ position, source: 'read-model' });
const primary = (position: number): ProjectionStamp => ({ position, source: 'primary' });
const obs = (at: number, orderIds: string[], stock: number, [book, orders]: ProjectionStamp[], pending = false): Observation => ({ at, orderIds, stock, pending, stamps: { book, orders } });

const bought: CommandTiming = { clickAt: 1000, ackAt: 1100, position: 50, orderIdsBefore: ['old'], expect: { kind: 'order-placed', ok: true, stock: 9 } };

describe('measuring one command in one pane', () => {
  it('eventual: stale from the answer until the reload, consistent once the read model serves it', () => {
    const h = [obs(0, ['old'], 10, [rm(40), rm(40)]), obs(1150, ['old'], 10, [rm(45), rm(45)]), obs(2600, ['new', 'old'], 9, [rm(50), rm(50)])];
    expect(measure(h, bought, 5000)).toEqual({ shownMs: 1600, consistentMs: 1600, wrongMs: 1500 });
  });

  it('optimistic: shown at the click and never wrong when it succeeds', () => {
    const h = [obs(0, ['old'], 10, [rm(40), rm(40)]), obs(1004, ['pending-1', 'old'], 9, [rm(40), rm(40)], true), obs(2500, ['new', 'old'], 9, [rm(50), rm(50)])];
    expect(measure(h, bought, 5000)).toEqual({ shownMs: 4, consistentMs: 1500, wrongMs: 0 });
  });

  it('optimistic rolled back: wrong for as long as the guess showed, never consistent', () => {
    const failed: CommandTiming = { ...bought, position: undefined, expect: { kind: 'order-placed', ok: false, stock: 10 } };
    const h = [obs(0, ['old'], 10, [rm(40)]), obs(1004, ['pending-1', 'old'], 9, [rm(40)], true), obs(1304, ['old'], 10, [rm(40)])];
    expect(measure(h, failed, 3000)).toEqual({ shownMs: 4, consistentMs: null, wrongMs: 300 });
  });

  it('read-your-writes: shown from the primary early, consistent only when the read model serves it', () => {
    const h = [obs(0, ['old'], 10, [rm(40), rm(40)]), obs(1180, ['new', 'old'], 9, [primary(50), primary(50)]), obs(3200, ['new', 'old'], 9, [rm(50), rm(50)])];
    expect(measure(h, bought, 5000)).toEqual({ shownMs: 180, consistentMs: 2200, wrongMs: 80 });
  });

  it('a stale answer at the position is not consistent; nothing past `until` counts', () => {
    const h = [obs(0, ['old'], 10, [rm(40)]), obs(1200, ['old'], 10, [{ ...rm(45), stale: true }]), obs(9000, ['new', 'old'], 9, [rm(50)])];
    expect(measure(h, bought, 4000)).toEqual({ shownMs: null, consistentMs: null, wrongMs: 2900 });
  });

  it('a price change is shown when the new price is, pending or not', () => {
    const price: CommandTiming = { clickAt: 0, ackAt: 80, position: 7, orderIdsBefore: [], expect: { kind: 'price-changed', ok: true, priceCents: 1999 } };
    const h: Observation[] = [
      { at: 0, priceCents: 1450, pending: false, stamps: { book: rm(6), orders: rm(6) } },
      { at: 3, priceCents: 1999, pending: true, stamps: { book: rm(6), orders: rm(6) } },
      // My orders do not change with a price: their older stamp does not hold the book back.
      { at: 1600, priceCents: 1999, pending: false, stamps: { book: rm(7), orders: rm(6) } },
    ];
    expect(measure(h, price, 3000)).toEqual({ shownMs: 3, consistentMs: 1600, wrongMs: 0 });
  });
});

describe('statistics', () => {
  it('percentiles skip unknown values', () => {
    expect(percentile([null, 30, 10, 20], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([null], 50)).toBeNull();
  });
  it('histogram puts the tail in the last bucket', () => {
    expect(histogram([0, 99, 100, 5000, null], 100, 3)).toEqual([2, 1, 1]);
  });
});
