'use client';

import Link from 'next/link';
import { FreshnessBadge, ShownValue, ViewLoading } from '@/app/components/freshness-badge';
import { dollars } from '@/app/lib/format';
import { overlayBook } from '@/app/lib/consistency/strategies/optimistic-updates';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';
import { bookQuery } from '@/app/lib/queries/book';
import type { Role } from '@/server/contracts/api';
import { AdminBookForms } from './admin-book-forms';
import { BuyForm } from './buy-form';

export function BookView({ id, role, after }: { id: string; role: Role | null; after?: number }) {
  const { data, error, isLoading, freshness } = useConsistentQuery(bookQuery, id, { knownPosition: after });
  if (freshness.notYet && !data) {
    return (
      <div className="card" role="status">
        <h1>Not in the read model yet</h1>
        <p className="meta">
          This book was written at position {freshness.notYet.known}; the read model is at {freshness.notYet.at}. It shows here as soon as
          the projector gets there (the server holds the read until then).
        </p>
      </div>
    );
  }
  if (isLoading) return <ViewLoading freshness={freshness} what="the book" />;
  if (error) {
    return (
      <div className="card">
        <h1>Book not found</h1>
        <p className="meta">{error.message}</p>
        <Link href="/">Back to the catalog</Link>
      </div>
    );
  }
  if (!data) return null;
  const { book, pending, guessed } = overlayBook(data.book, freshness.pending);
  return (
    <article className="card stack">
      <div>
        <div className="view-head">
          <Link href="/" className="meta">
            ← Catalog
          </Link>
          <FreshnessBadge freshness={freshness} pending={pending} />
        </div>
        <h1>{book.title}</h1>
        <p className="meta">by {book.author}</p>
        <dl className="facts">
          <dt>Price</dt>
          <dd>
            <ShownValue value={dollars(book.priceCents)} guessed={guessed.price} testId="price" />
          </dd>
          <dt>In stock</dt>
          <dd>
            <ShownValue value={book.stock} guessed={guessed.stock} testId="stock" />
          </dd>
          <dt>Version</dt>
          <dd>{book.version}</dd>
        </dl>
      </div>
      {role === 'customer' && <BuyForm book={book} readAt={data.projection.position} />}
      {role === null && (
        <p className="notice info">
          <Link href={`/login?next=/books/${book.id}`}>Sign in</Link> as a customer to buy this book.
        </p>
      )}
      {role === 'admin' && <AdminBookForms book={data.book} readAt={data.projection.position} />}
    </article>
  );
}
