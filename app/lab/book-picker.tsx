'use client';

// The book every Lab pane shows: chosen here, or the one with the most copies
// on the first catalog page. A component of its own because it reads through
// the page's scope, whose pushes arrive during every measured command: here
// they re-render the picker, not the Lab around the panes being timed.
import { useEffect, useState } from 'react';
import { FreshnessBadge } from '@/app/components/freshness-badge';
import { dollars } from '@/app/lib/format';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';
import { bookQuery } from '@/app/lib/queries/book';
import { booksQuery } from '@/app/lib/queries/books';
import type { BookView } from '@/server/contracts/api';

export function BookPicker(props: {
  /** A book chosen by link (`?book=`). */
  initial: string | undefined;
  /**
   * A run is being measured: the picker does not read meanwhile. Its reads would share the
   * browser's connections, the server and the main thread with the panes (bench/FINDINGS.md).
   */
  paused: boolean;
  onBook: (book: BookView | undefined) => void;
}) {
  const { paused, onBook } = props;
  const [chosen, setChosen] = useState<string | undefined>(props.initial);
  const catalog = useConsistentQuery(booksQuery, { q: '', cursor: null, limit: 24 }, { enabled: !paused });
  const listed = catalog.data?.items ?? [];
  // A linked book may not be on the first page: read it too.
  const unlisted = chosen !== undefined && catalog.data !== undefined && !listed.some((b) => b.id === chosen);
  const extra = useConsistentQuery(bookQuery, chosen ?? '', { enabled: unlisted && !paused });
  const books = unlisted && extra.data ? [extra.data.book, ...listed] : listed;
  const fallback = [...books].sort((a, b) => b.stock - a.stock)[0];
  // While a linked book loads, no other book stands in for it.
  const book = books.find((b) => b.id === chosen) ?? (unlisted && !extra.error ? undefined : fallback);
  // Pin the default once known: "most in stock" moves as the panes buy.
  useEffect(() => {
    if (!chosen && fallback) setChosen(fallback.id);
  }, [chosen, fallback]);
  useEffect(() => onBook(book), [book, onBook]);

  return (
    <div className="row">
      <label>
        Book in every pane
        <select value={book?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {books.map((b) => (
            <option key={b.id} value={b.id}>
              {b.title} ({b.stock} in stock, {dollars(b.priceCents)})
            </option>
          ))}
        </select>
      </label>
      {/* The stock and prices in the options are data too: where they were read, and at which position. */}
      <FreshnessBadge freshness={catalog.freshness} />
      {paused && <span className="meta">The book list is refreshed when the run ends: its reads would compete with the panes being timed.</span>}
    </div>
  );
}
