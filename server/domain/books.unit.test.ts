import { describe, expect, it } from 'vitest';
import { decideChangePrice, decideRestock, MAX_STOCK, type BookState } from './books';

const book: BookState = { id: 'b', title: 'B', priceCents: 1000, stock: 4, version: 7 };

describe('changing a price', () => {
  it('records the old and new price', () => {
    expect(decideChangePrice(book, { priceCents: 1200 })).toMatchObject({ priceCents: 1200, previousPriceCents: 1000 });
  });

  it('accepts the current version and refuses a stale one with a conflict', () => {
    expect(decideChangePrice(book, { priceCents: 1200, expectedVersion: 7 }).priceCents).toBe(1200);
    expect(() => decideChangePrice(book, { priceCents: 1200, expectedVersion: 6 })).toThrow(expect.objectContaining({ code: 'version_conflict' }));
  });
});

describe('restocking', () => {
  it('adds to the stock', () => {
    expect(decideRestock(book, 6).stock).toBe(10);
  });

  it('refuses to exceed the stock ceiling', () => {
    expect(() => decideRestock(book, MAX_STOCK)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
