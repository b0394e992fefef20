'use client';

import Link from 'next/link';
import { FreshnessBadge } from '@/app/components/freshness-badge';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';
import { bestsellersQuery } from '@/app/lib/queries/bestsellers';

export function BestsellersPanel() {
  const { data, error, freshness } = useConsistentQuery(bestsellersQuery, undefined);
  return (
    <section className="card" aria-label="Bestsellers">
      <div className="view-head">
        <h2>Bestsellers</h2>
        <FreshnessBadge freshness={freshness} />
      </div>
      <p className="meta">Top 10 by units sold. Cheap to read only because the projector keeps it up to date.</p>
      {error && <p className="notice bad">{error.message}</p>}
      {data && data.items.length === 0 && <p className="empty">Nothing sold as of position {data.projection.position}.</p>}
      <ol className="ranked">
        {data?.items.map((b) => (
          <li key={b.id}>
            <Link href={`/books/${b.id}`}>{b.title}</Link> <span className="meta">· {b.unitsSold} sold</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
