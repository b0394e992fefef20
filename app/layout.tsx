import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from './components/header';
import { RollbackNotices } from './components/rollback-notices';
import { serverSettings } from './lib/queries/prefetch';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Bookstore: eventual consistency you can see', template: '%s · Bookstore' },
  description: 'A CQRS bookstore that shows how a UI can hide or expose read-model lag.',
};

// Every page depends on the session cookie.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const settings = await serverSettings();
  return (
    <html lang="en">
      <body>
        <Providers settings={settings}>
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
