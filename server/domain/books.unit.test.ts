import { describe, expect, it } from 'vitest';
import { decideChangePrice, decideRestock, evolveBook, MAX_STOCK, type BookState } from './books';

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

describe('a book evolved by its events', () => {
  it('starts at version 1 with BookAdded, and each event after is one version', () => {
    const added = evolveBook(null, { type: 'BookAdded', bookId: 'n', title: 'New', author: 'A', priceCents: 500, stock: 3 });
    expect(added).toEqual({ id: 'n', title: 'New', priceCents: 500, stock: 3, version: 1 });
    const repriced = evolveBook(added, decideChangePrice(added, { priceCents: 700 }));
    expect(repriced).toMatchObject({ priceCents: 700, stock: 3, version: 2 });
    expect(evolveBook(repriced, decideRestock(repriced, 2))).toMatchObject({ priceCents: 700, stock: 5, version: 3 });
  });

  it('refuses an event for a book that never started', () => {
    expect(() => evolveBook(null, { type: 'BookRestocked', bookId: 'x', quantity: 1, stock: 1 })).toThrow(/no state/);
  });
});
