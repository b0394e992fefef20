'use client';

import { useState } from 'react';
import { dollars, parseDollars } from '@/app/lib/format';
import { refreshesItself } from '@/app/lib/consistency/compose';
import { useScopeSettings } from '@/app/lib/consistency/scope-provider';
import { useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { useChangePrice, useRestock } from '@/app/lib/mutations/commands';
import type { BookView } from '@/server/contracts/api';

/**
 * Admin-only: change the price (with the version you saw) and restock.
 * `book` is the read model's, read at `readAt`. A change of yours to this book
 * that the view does not include yet made a version this page cannot know:
 * a price sent with the version shown would be refused as a conflict with
 * your own change. So the form waits for the view to include it, and says so.
 */
export function AdminBookForms({ book, readAt }: { book: BookView; readAt: number }) {
  const [price, setPrice] = useState((book.priceCents / 100).toFixed(2));
  const [restock, setRestock] = useState('10');
  const changePrice = useChangePrice();
  const hydrated = useHydrated(); // server-rendered: no bare-form submit before the app runs
  const restockBook = useRestock();
  const refreshes = refreshesItself(useScopeSettings());
  const cents = parseDollars(price);
  const qty = Number(restock);
  const mine = Math.max(changePrice.data?.position ?? 0, restockBook.data?.position ?? 0);
  const ownChangeUnseen = mine > readAt;
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
        <button type="submit" disabled={!hydrated || cents === null || cents <= 0 || changePrice.isPending || ownChangeUnseen}>
          Change price
        </button>
        {changePrice.isSuccess && <span className="notice good">Price change committed at position {changePrice.data.position}.</span>}
        {changePrice.error && (
          <span className="notice bad" role="alert">
            {changePrice.error.message}
            {changePrice.error.code === 'version_conflict' ? ' The page is refreshing.' : ''}
          </span>
        )}
      </form>
      {ownChangeUnseen ? (
        <p className="notice info" role="status" data-testid="price-waits">
          Your change at position {mine} is not in this view yet (read at position {readAt}), so the version it made is unknown here and a price sent now
          would be refused as a conflict with it. {refreshes ? 'This form waits until the view has it.' : 'No strategy on this page refreshes by itself: reload to see it.'}
        </p>
      ) : (
        <p className="meta">Sends the version you see ({book.version}) so a concurrent change is refused, not overwritten. Current: {dollars(book.priceCents)}.</p>
      )}
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
