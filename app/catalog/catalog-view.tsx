'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { FreshnessBadge, ViewLoading } from '@/app/components/freshness-badge';
import { dollars } from '@/app/lib/format';
import { overlayBook } from '@/app/lib/consistency/strategies/optimistic-updates';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';
import { booksQuery, CATALOG_PAGE_SIZE } from '@/app/lib/queries/books';

export function CatalogView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // Cursors of the pages before this one, so "Previous page" works without offsets.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const { data, error, isLoading, isPlaceholderData, freshness } = useConsistentQuery(booksQuery, { q, cursor, limit: CATALOG_PAGE_SIZE });
  // Until the new search or page answers, the list is the previous one (kept, not blanked): the heading says so rather than
  // naming a search the list is not the answer to. With a held read (wait, optimistic's confirmation) that lasts the whole lag.
  const asked = q ? `“${q}”` : 'all books';
  const shown = data?.items.map((raw) => overlayBook(raw, freshness.pending)) ?? [];
  const heading = isPlaceholderData ? `Asking for ${asked}${cursors.length > 1 ? `, page ${cursors.length}` : ''}… the list below is the previous answer` : q ? `Results for “${q}”` : 'All books by title';

  useEffect(() => {
    const t = setTimeout(() => {
      if (text.trim() === q) return;
      setCursors([null]);
      router.replace(text.trim() ? `${pathname}?q=${encodeURIComponent(text.trim())}` : pathname);
    }, 250);
    return () => clearTimeout(t);
  }, [text, q, pathname, router]);

  return (
    <section aria-label="Books">
      <div className="view-head">
        <input
          type="search"
          className="search"
          aria-label="Search"
          placeholder="Search by title or author word, e.g. “winter” or “tolk”"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="view-head">
        <span className="meta" data-testid="catalog-heading">
          {heading}
        </span>
        {/* Like My orders: a guess on any card makes the list's badge say so, and over which position. */}
        <FreshnessBadge freshness={freshness} pending={shown.some((b) => b.pending)} />
      </div>
      {error && <p className="notice bad">{error.message}</p>}
      {isLoading && <ViewLoading freshness={freshness} what="the catalog" />}
      {data && data.items.length === 0 && <p className="empty">No books match “{q}”.</p>}
      <ul className={`book-list${isPlaceholderData ? ' is-previous' : ''}`}>
        {shown.map(({ book, guessed }) => (
          <li key={book.id}>
            <Link href={`/books/${book.id}`}>{book.title}</Link>
            <span className="meta">{book.author}</span>
            <span>
              <span className="price">{dollars(book.priceCents)}</span>
              {guessed.price && <span className="meta"> (pending)</span>}{' '}
              <span className="meta">
                · {book.stock > 0 ? `${book.stock} in stock` : 'Out of stock'}
                {guessed.stock ? ' (pending)' : ''}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <div className="pager">
        <button className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <span className="meta">Page {cursors.length}</span>
        <button className="secondary" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor])}>
          Next page
        </button>
      </div>
    </section>
  );
}
