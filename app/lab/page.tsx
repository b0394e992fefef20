import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/server/auth/current-user';
import { labAccess } from '@/server/commands/lab-access';
import { LabView } from './lab-view';

export const metadata: Metadata = { title: 'Lab' };

export default async function LabPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { pane, book } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect('/login?next=/lab');
  const { demoMode, mayChangeLab, mayChangePrice } = labAccess(user);
  return (
    <>
      <h1>Lab</h1>
      <p className="lede">
        Every strategy side by side, on the same command. Each pane is its own client with its own cache, token and socket; a
        command is sent once and every pane treats it as its own write. Each pane measures it from your click:{' '}
        <strong>shown</strong> (the change is on screen, pending counts), <strong>consistent</strong> (on screen and served by
        the read model at or past the command&apos;s position) and <strong>wrong</strong> (how long it showed something the
        final state contradicts: stale data after the answer, or a guess that rolled back), and what it cost.
      </p>
      <p className="lede">
        The panes share one more thing: the browser&apos;s six connections to this server. Each read held open (wait for
        projection, optimistic&apos;s confirmation: one per view) keeps one of them while the lag lasts, and every other
        request queues for the rest. That is a real cost of holding reads; add held panes and watch the others slow down, or
        open <a href="/lab?pane=versionPolling">one pane alone</a> to see a strategy without its neighbours.
      </p>
      <LabView bookId={typeof book === 'string' ? book : undefined} panes={typeof pane === 'string' ? [pane] : (pane ?? [])} role={user.role} demoMode={demoMode} mayChangeLab={mayChangeLab} mayChangePrice={mayChangePrice} />
    </>
  );
}
