'use client';

import { FreshnessBadge } from '@/app/components/freshness-badge';
import { dollars, when } from '@/app/components/format';
import { overlayOrders, type ShownOrder } from '@/app/lib/consistency/optimistic-updates';
import { useCancelOrder } from '@/app/lib/mutations/commands';
import { useMyOrders, useOlderOrders } from '@/app/lib/queries/orders';

export function OrdersView() {
  const { data, error, isLoading, freshness } = useMyOrders();
  const older = useOlderOrders(data?.nextCursor ?? null);
  const orders = data ? overlayOrders(data.items, freshness.pending) : [];
  const olderOrders = older.data?.pages.flatMap((p) => p.items) ?? [];
  const anyPending = orders.some((o) => o.pending);
  return (
    <section aria-label="Orders">
      <div className="view-head">
        <span className="meta">{data ? `${orders.length}${data.nextCursor ? '+' : ''} orders` : ''}</span>
        <FreshnessBadge freshness={freshness} pending={anyPending} />
      </div>
      {error && <p className="notice bad">{error.message}</p>}
      {isLoading && <p className="empty">Loading your orders…</p>}
      {data && orders.length === 0 && <p className="empty">No orders yet. Find a book in the catalog and press “Buy now”.</p>}
      <ul className="orders">
        {[...orders, ...olderOrders].map((o) => (
          <OrderCard key={o.id} order={o} />
        ))}
      </ul>
      {(older.hasNextPage || (data?.nextCursor && !older.data)) && (
        <button className="secondary" onClick={() => void older.fetchNextPage()} disabled={older.isFetching} style={{ marginTop: '1rem' }}>
          Load more
        </button>
      )}
    </section>
  );
}

function OrderCard({ order }: { order: ShownOrder }) {
  const cancel = useCancelOrder();
  return (
    <li className={`card order${order.pending ? ' is-pending' : ''}`} aria-label={`Order ${order.lines.map((l) => l.title).join(', ')}`}>
      <header>
        <span>
          <span className={`status ${order.status}`}>{order.status}</span> <span className="meta">{when(order.placedAt)}</span>
          {order.pending && <span className="badge pending"> pending</span>}
        </span>
        <strong>{dollars(order.totalCents)}</strong>
      </header>
      <ul className="lines">
        {order.lines.map((l) => (
          <li key={l.bookId}>
            {l.quantity} × {l.title} <span className="meta">@ {dollars(l.priceCents)}</span>
          </li>
        ))}
      </ul>
      {order.status === 'placed' && !order.id.startsWith('pending-') && (
        <div>
          <button className="secondary" onClick={() => cancel.mutate({ order })} disabled={cancel.isPending || order.pending}>
            Cancel order
          </button>
        </div>
      )}
      {cancel.error && <p className="notice bad">{cancel.error.message}</p>}
    </li>
  );
}
