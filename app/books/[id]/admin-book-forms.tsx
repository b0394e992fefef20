'use client';

import { useState } from 'react';
import { dollars, parseDollars } from '@/app/lib/format';
import { useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { useChangePrice, useRestock } from '@/app/lib/mutations/commands';
import type { BookView } from '@/server/contracts/api';

/**
 * Admin-only: change the price (with the version you saw) and restock.
 * `book` is the read model's, read at `readAt`. A change of yours to this book
 * that the view does not include yet made a newer version than the one shown;
 * sent with the shown version, the next price would be refused as a conflict
 * with your own change. The write side said which version it made (every
 * command answers `{ position, version }`), so the form sends that one, and
 * says where it comes from.
 */
export function AdminBookForms({ book, readAt }: { book: BookView; readAt: number }) {
  const [price, setPrice] = useState((book.priceCents / 100).toFixed(2));
  const [restock, setRestock] = useState('10');
  const changePrice = useChangePrice();
  const hydrated = useHydrated(); // server-rendered: no bare-form submit before the app runs
  const restockBook = useRestock();
  const cents = parseDollars(price);
  const qty = Number(restock);
  const yours = [changePrice.data, restockBook.data].reduce<{ position: number; version: number } | undefined>((last, d) => (d && (!last || d.position > last.position) ? d : last), undefined);
  const fromWriteSide = yours !== undefined && yours.version > book.version ? yours : undefined;
  const expectedVersion = fromWriteSide?.version ?? book.version;
  return (
    <section className="stack" aria-label="Admin">
      <h2>Admin</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (cents !== null && cents > 0) changePrice.mutate({ book: { ...book, version: expectedVersion }, priceCents: cents });
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
            {changePrice.error.message}
            {changePrice.error.code === 'version_conflict' ? ' The page is refreshing.' : ''}
          </span>
        )}
      </form>
      {fromWriteSide ? (
        <p className="meta" data-testid="expected-version">
          Sends version {fromWriteSide.version}, the write side&apos;s answer to your change at position {fromWriteSide.position}: this view, read at position {readAt}, is
          still at version {book.version}. A change by anyone else since is refused, not overwritten.
        </p>
      ) : (
        <p className="meta" data-testid="expected-version">
          Sends the version you see ({book.version}) so a concurrent change is refused, not overwritten. Current: {dollars(book.priceCents)}.
        </p>
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
