import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/server/auth/current-user';
import { SyncTimeline } from '@/app/components/sync-timeline';
import { Prefetched, serverRead } from '@/app/lib/queries/prefetch';
import { ordersQuery, PAGE_SIZE } from '@/app/lib/queries/orders';
import { listMyOrders } from '@/server/queries/list-orders';
import { OrdersView } from './orders-view';

export const metadata: Metadata = { title: 'My orders' };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ placed?: string }> }) {
  const { placed } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect('/login?next=/orders');
  if (user.role !== 'customer') {
    return (
      <div className="card">
        <h1>My orders</h1>
        <p className="meta">Orders belong to customer accounts. Sign in as alice@example.com or bob@example.com to shop.</p>
      </div>
    );
  }
  return (
    <>
      <h1>My orders</h1>
      <p className="lede">Your order history, newest first. The badge says where this list was read (read model or primary) and at which position.</p>
      <Prefetched reads={[serverRead(ordersQuery, { limit: PAGE_SIZE }, (redis) => listMyOrders(redis, user, { limit: PAGE_SIZE }))]}>
        <div className="grid-2">
          <OrdersView justPlaced={typeof placed === 'string' ? placed : undefined} />
          <SyncTimeline />
        </div>
      </Prefetched>
    </>
  );
}
