import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/server/auth/current-user';
import { LabControls } from '@/app/components/lab-controls';
import { SyncTimeline } from '@/app/components/sync-timeline';
import { AddBookForm } from './add-book-form';
import { ProjectionPanel } from './projection-panel';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/login?next=/admin');
  if (user.role !== 'admin') {
    return (
      <div className="card">
        <h1>Admins only</h1>
        <p className="meta">This page is for the admin account (admin@example.com).</p>
      </div>
    );
  }
  return (
    <>
      <h1>Admin</h1>
      <p className="lede">Add books, and use the lab to slow, pause or break the projector so the lag becomes visible.</p>
      <div className="grid-2">
        <div className="stack">
          <section className="card" aria-label="Add book">
            <h2>Add book</h2>
            <AddBookForm />
          </section>
          <section className="card" aria-label="Lab">
            <h2>Lab</h2>
            <LabControls />
          </section>
        </div>
        <div className="stack">
          <ProjectionPanel />
          <SyncTimeline />
        </div>
      </div>
    </>
  );
}
