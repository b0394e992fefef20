import { Suspense } from 'react';
import { BestsellersPanel } from './catalog/bestsellers-panel';
import { CatalogView } from './catalog/catalog-view';
import { SyncTimeline } from './components/sync-timeline';

export default function CatalogPage() {
  return (
    <>
      <h1>Catalog</h1>
      <p className="lede">
        Every list here is read from Redis read models that a projector builds from the event log. Each view says which log
        position it was served at; open Settings to choose how the app hides or exposes the lag.
      </p>
      <div className="grid-2">
        <Suspense>
          <CatalogView />
        </Suspense>
        <div className="stack">
          <BestsellersPanel />
          <SyncTimeline />
        </div>
      </div>
    </>
  );
}
