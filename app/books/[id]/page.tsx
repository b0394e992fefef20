import type { Metadata } from 'next';
import { getCurrentUser } from '@/server/auth/current-user';
import { SyncTimeline } from '@/app/components/sync-timeline';
import { Prefetched, serverRead } from '@/app/lib/queries/prefetch';
import { bookQuery } from '@/app/lib/queries/book';
import { getBookOrThrow } from '@/server/queries/get-book';
import { BookView } from './book-view';

export const metadata: Metadata = { title: 'Book' };

export default async function BookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> }) {
  const { id } = await params;
  // A link may say where the book exists ("Open it" after adding one): until the read model is there, it is "not yet", not "not found".
  const after = Number((await searchParams).after);
  const user = await getCurrentUser();
  return (
    <Prefetched reads={[serverRead(bookQuery, id, (redis) => getBookOrThrow(redis, id))]}>
      <div className="grid-2">
        <BookView id={id} role={user?.role ?? null} after={Number.isSafeInteger(after) && after > 0 ? after : undefined} />
        <SyncTimeline />
      </div>
    </Prefetched>
  );
}
