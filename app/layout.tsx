import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from './components/header';
import { RollbackNotices } from './components/rollback-notices';
import { serverSettings } from './lib/queries/prefetch';
import { db } from '@/server/context';
import { logIdentityOrUnknown } from '@/server/events/log-identity';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Bookstore: eventual consistency you can see', template: '%s · Bookstore' },
  description: 'A CQRS bookstore that shows how a UI can hide or expose read-model lag.',
};

// Every page depends on the session cookie.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Asked of Postgres once per process; a page never waits on it longer than this (the page reads Redis).
  const [settings, logId] = await Promise.all([serverSettings(), logIdentityOrUnknown(db(), 300)]);
  return (
    <html lang="en">
      <body>
        <Providers settings={settings} logId={logId}>
          <Header />
          <main className="container">
            {/* In the flow, above the page: a rollback notice pushes the page down instead of covering it. */}
            <RollbackNotices className="notices" />
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
