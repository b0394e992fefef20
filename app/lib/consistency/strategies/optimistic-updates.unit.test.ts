import { describe, expect, it } from 'vitest';
import { overlayBook } from './optimistic-updates';

const book = { id: 'b1', title: 'Dune', author: 'Herbert', priceCents: 1200, stock: 10, version: 8 };

describe('overlayBook: each guessed field is named, so the view marks it and not its neighbours', () => {
  it('an order lowers the stock and marks only the stock; the price and version stay the read model’s', () => {
    const shown = overlayBook(book, [{ kind: 'stock', bookId: 'b1', delta: -3 }]);
    expect(shown.book).toEqual({ ...book, stock: 7 });
    expect(shown.guessed).toEqual({ stock: true, price: false });
    expect(shown.pending).toBe(true);
  });

  it('a price change marks only the price', () => {
    const shown = overlayBook(book, [{ kind: 'price', bookId: 'b1', priceCents: 999 }]);
    expect(shown.book).toEqual({ ...book, priceCents: 999 });
    expect(shown.guessed).toEqual({ stock: false, price: true });
  });

  it('changes to another book mark nothing and change nothing', () => {
    const shown = overlayBook(book, [
      { kind: 'stock', bookId: 'b2', delta: -1 },
      { kind: 'price', bookId: 'b2', priceCents: 1 },
    ]);
    expect(shown.book).toBe(book);
    expect(shown).toMatchObject({ pending: false, guessed: { stock: false, price: false } });
  });
});
