import { describe, expect, it } from 'vitest';
import type { BookState } from './books';
import { DomainError } from './errors';
import { decideCancelOrder, decidePlaceOrder, evolveOrder, mergeLines, type OrderState } from './orders';

const book = (id: string, stock: number, priceCents = 1000): BookState => ({ id, title: `Book ${id}`, priceCents, stock, version: 3 });
const books = (...list: BookState[]) => new Map(list.map((b) => [b.id, b]));
const now = new Date('2026-01-02T03:04:05Z');

describe('placing an order', () => {
  it('refuses, with the current price, when the customer decided on another one', () => {
    const attempt = () =>
      decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 1, expectedPriceCents: 1450 }], books: books(book('a', 5, 1999)), now });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow('The price of "Book a" changed to $19.99 since you looked. Nothing was ordered.');
    try {
      attempt();
    } catch (error) {
      expect((error as DomainError).toApiError()).toMatchObject({ code: 'price_changed', currentPrices: [{ bookId: 'a', title: 'Book a', priceCents: 1999 }] });
    }
  });

  it('places the order when the expected price is the current one, or none is given', () => {
    for (const expectedPriceCents of [1999, undefined]) {
      const { placed } = decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 2, expectedPriceCents }], books: books(book('a', 5, 1999)), now });
      expect(placed.totalCents).toBe(3998);
    }
  });

  it('reserves stock and totals the lines at the current prices', () => {
    const { placed, reservations } = decidePlaceOrder({
      orderId: 'o1',
      customerId: 'c1',
      lines: [{ bookId: 'a', quantity: 2 }, { bookId: 'b', quantity: 1 }],
      books: books(book('a', 5, 1250), book('b', 1, 999)),
      now,
    });
    expect(placed.totalCents).toBe(2 * 1250 + 999);
    expect(placed.placedAt).toBe(now.toISOString());
    expect(reservations.map((r) => [r.bookId, r.stock])).toEqual([['a', 3], ['b', 0]]);
  });

  it('counts a book listed twice as one line, so stock is checked against the sum', () => {
    expect(mergeLines([{ bookId: 'a', quantity: 2 }, { bookId: 'a', quantity: 2 }])).toEqual([{ bookId: 'a', quantity: 4 }]);
    expect(() =>
      decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 2 }, { bookId: 'a', quantity: 2 }], books: books(book('a', 3)), now }),
    ).toThrow(expect.objectContaining({ code: 'insufficient_stock' }));
  });

  it('refuses more than the stock and explains how many are left', () => {
    const attempt = () => decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 3 }], books: books(book('a', 2)), now });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(/2 left, you asked for 3/);
    // And says it as data, so a screen that showed more can offer no more than the write side has.
    expect(attempt).toThrow(expect.objectContaining({ details: { currentStock: [{ bookId: 'a', title: expect.any(String), stock: 2 }] } }));
  });

  it('says a book is out of stock when none is left', () => {
    expect(() => decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 1 }], books: books(book('a', 0)), now })).toThrow(/out of stock/);
  });

  it('refuses unknown books', () => {
    expect(() => decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'zz', quantity: 1 }], books: books(), now })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('cancelling an order', () => {
  const order: OrderState = {
    id: 'o1',
    customerId: 'alice',
    status: 'placed',
    lines: [{ bookId: 'a', title: 'A', quantity: 2, priceCents: 100 }],
    version: 1,
  };

  it('returns the reserved stock', () => {
    const { releases } = decideCancelOrder({ order, requestedBy: 'alice', books: books(book('a', 1)) });
    expect(releases).toEqual([expect.objectContaining({ bookId: 'a', quantity: 2, stock: 3 })]);
  });

  it("hides another customer's order as not found", () => {
    expect(() => decideCancelOrder({ order, requestedBy: 'bob', books: books(book('a', 1)) })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses to cancel twice', () => {
    expect(() => decideCancelOrder({ order: { ...order, status: 'cancelled' }, requestedBy: 'alice', books: books(book('a', 1)) })).toThrow(
      expect.objectContaining({ code: 'order_not_cancellable' }),
    );
  });
});

describe('an order evolved by its events', () => {
  it('is placed at version 1 and cancelled at version 2, keeping its lines and owner', () => {
    const { placed } = decidePlaceOrder({ orderId: 'o', customerId: 'c', lines: [{ bookId: 'a', quantity: 2 }], books: books(book('a', 5)), now });
    const order = evolveOrder(null, placed);
    expect(order).toEqual({ id: 'o', customerId: 'c', status: 'placed', lines: placed.lines, version: 1 });
    const { cancelled } = decideCancelOrder({ order, requestedBy: 'c', books: books(book('a', 3)) });
    expect(evolveOrder(order, cancelled)).toEqual({ ...order, status: 'cancelled', version: 2 });
  });
});
