'use client';

import { useState } from 'react';
import { dollars, parseDollars } from '@/app/lib/format';
import { useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { useChangePrice, useRestock } from '@/app/lib/mutations/commands';
import type { BookView } from '@/server/contracts/api';

/** Admin-only: change the price (with the version you saw) and restock. */
export function AdminBookForms({ book }: { book: BookView }) {
  const [price, setPrice] = useState((book.priceCents / 100).toFixed(2));
  const [restock, setRestock] = useState('10');
  const changePrice = useChangePrice();
  const hydrated = useHydrated(); // server-rendered: no bare-form submit before the app runs
  const restockBook = useRestock();
  const cents = parseDollars(price);
  const qty = Number(restock);
  return (
    <section className="stack" aria-label="Admin">
      <h2>Admin</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (cents !== null && cents > 0) changePrice.mutate({ book, priceCents: cents });
        }}
      >
        <label>
          Price (USD)
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} style={{ width: '8rem' }} />
        </label>
        <button type="submit" disabled={!hydrated || cents === null || cents <= 0 || changePrice.isPending}>
          Change price
        </button>
        {changePrice.isSuccess && <span className="notice good">Price change committed at position {changePrice.data.position}.</span>}
        {changePrice.error && (
          <span className="notice bad" role="alert">
            {changePrice.error.code === 'version_conflict'
              ? `Someone changed this book first (you saw version ${book.version}); the page is refreshing.`
              : changePrice.error.message}
          </span>
        )}
      </form>
      <p className="meta">Sends the version you see ({book.version}) so a concurrent change is refused, not overwritten. Current: {dollars(book.priceCents)}.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (Number.isInteger(qty) && qty > 0) restockBook.mutate({ book, quantity: qty });
        }}
      >
        <label>
          Restock quantity
          <input type="number" min={1} value={restock} onChange={(e) => setRestock(e.target.value)} style={{ width: '6rem' }} />
        </label>
        <button type="submit" disabled={!hydrated || !Number.isInteger(qty) || qty <= 0 || restockBook.isPending}>
          Restock
        </button>
        {restockBook.isSuccess && <span className="notice good">Restock committed at position {restockBook.data.position}.</span>}
        {restockBook.error && <span className="notice bad">{restockBook.error.message}</span>}
      </form>
    </section>
  );
}
