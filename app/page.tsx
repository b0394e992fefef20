import { Prefetched, serverRead } from '@/app/lib/queries/prefetch';
import { bestsellersQuery } from '@/app/lib/queries/bestsellers';
import { booksQuery, CATALOG_PAGE_SIZE } from '@/app/lib/queries/books';
import { getBestsellers } from '@/server/queries/get-bestsellers';
import { listBooks } from '@/server/queries/list-books';
import { BestsellersPanel } from './catalog/bestsellers-panel';
import { CatalogView } from './catalog/catalog-view';
import { SyncTimeline } from './components/sync-timeline';

export default async function CatalogPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const q = typeof raw === 'string' ? raw : '';
  const reads = [
    serverRead(booksQuery, { q, cursor: null, limit: CATALOG_PAGE_SIZE }, (redis) => listBooks(redis, { q: q || undefined, limit: CATALOG_PAGE_SIZE })),
    serverRead(bestsellersQuery, undefined, getBestsellers),
  ];
  return (
    <>
      <h1>Catalog</h1>
      <p className="lede">
        Every list here is read from Redis read models that a projector builds from the event log. Each view says which log
        position it was served at; open Settings to choose how the app hides or exposes the lag.
      </p>
      <Prefetched reads={reads}>
        <div className="grid-2">
          {/* No Suspense boundary: the page is rendered per request, so the catalog is in the first HTML, not streamed in after it. */}
          <CatalogView />
          <div className="stack">
            <BestsellersPanel />
            <SyncTimeline />
          </div>
        </div>
      </Prefetched>
    </>
  );
}
