import type { Metadata } from 'next';
import { getCurrentUser } from '@/server/auth/current-user';
import { SyncTimeline } from '@/app/components/sync-timeline';
import { BookView } from './book-view';

export const metadata: Metadata = { title: 'Book' };

export default async function BookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getCurrentUser();
  return (
    <div className="grid-2">
      <BookView id={id} role={user?.role ?? null} />
      <SyncTimeline />
    </div>
  );
}
