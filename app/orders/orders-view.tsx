'use client';

import { useState } from 'react';
import { FreshnessBadge, ViewLoading } from '@/app/components/freshness-badge';
import { dollars, shortId, when } from '@/app/lib/format';
import { overlayOrders, type ShownOrder } from '@/app/lib/consistency/strategies/optimistic-updates';
import { refreshesItself } from '@/app/lib/consistency/compose';
import { useStoreSlice } from '@/app/lib/consistency/external-store';
import { useScope, useScopeSettings } from '@/app/lib/consistency/scope-provider';
import { useConsistentQuery, useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { useCancelOrder } from '@/app/lib/mutations/commands';
import { ordersQuery, PAGE_SIZE } from '@/app/lib/queries/orders';

export function OrdersView({ justPlaced }: { justPlaced?: string }) {
  const { data, error, isLoading, freshness } = useConsistentQuery(ordersQuery, { limit: PAGE_SIZE });
  // Older pages, loaded on demand, each read like the first (same strategies).
  const [olderCursors, setOlderCursors] = useState<string[]>([]);
  const orders = data ? overlayOrders(data.items, freshness.pending) : [];
  const anyPending = orders.some((o) => o.pending);
  const firstNext = data?.nextCursor ?? null;
  // A list read before this browser's last write cannot show it: say so, rather than "No orders yet" beside "committed at position N".
  const token = useStoreSlice(useScope().timeline, (t) => t.token);
  const refreshes = refreshesItself(useScopeSettings());
  const readAt = freshness.projection?.position;
  const behind = readAt !== undefined && readAt < token;
  const missing = behind && justPlaced !== undefined && !orders.some((o) => o.id === justPlaced);
  return (
    <section aria-label="Orders">
      <div className="view-head">
        <span className="meta">{data ? `${orders.length}${data.nextCursor ? '+' : ''} orders` : ''}</span>
        <FreshnessBadge freshness={freshness} pending={anyPending} />
      </div>
      {error && <p className="notice bad">{error.message}</p>}
      {isLoading && <ViewLoading freshness={freshness} what="your orders" />}
      {missing && (
        <p className="notice info" role="status" data-testid="not-in-list-yet">
          The order you just placed is not in this list yet: the list was read at position {readAt}, before your last write (position {token}).{' '}
          {refreshes ? 'It appears here by itself once the read model has it.' : 'No strategy on this page refreshes by itself: reload once the header says the read model has it.'}
        </p>
      )}
      {data && orders.length === 0 && !missing && (
        <p className="empty">
          {behind ? `No orders at position ${readAt}; your last write (position ${token}) is not in this list yet.` : 'No orders yet. Find a book in the catalog and press “Buy now”.'}
        </p>
      )}
      <ul className="orders">
        {orders.map((o) => (
          <OrderCard key={o.id} order={o} servedAt={freshness.projection?.position} highlight={o.id === justPlaced} />
        ))}
        {olderCursors.map((cursor, i) => (
          <OlderOrders
            key={cursor}
            cursor={cursor}
            last={i === olderCursors.length - 1}
            onMore={(next) => setOlderCursors((list) => [...list, next])}
          />
        ))}
      </ul>
      {olderCursors.length === 0 && firstNext && (
        <button className="secondary" onClick={() => setOlderCursors([firstNext])} style={{ marginTop: '1rem' }}>
          Load more
        </button>
      )}
    </section>
  );
}

function OlderOrders({ cursor, last, onMore }: { cursor: string; last: boolean; onMore: (next: string) => void }) {
  const { data, freshness, isLoading } = useConsistentQuery(ordersQuery, { limit: PAGE_SIZE, cursor });
  const orders = data ? overlayOrders(data.items, freshness.pending.filter((c) => c.kind !== 'order-placed')) : [];
  return (
    <>
      {isLoading && <li className="empty">Loading older orders…</li>}
      {orders.map((o) => (
        <OrderCard key={o.id} order={o} servedAt={freshness.projection?.position} />
      ))}
      {last && data?.nextCursor && (
        <li>
          <button className="secondary" onClick={() => data.nextCursor && onMore(data.nextCursor)}>
            Load more
          </button>
        </li>
      )}
    </>
  );
}

/**
 * After "Cancel order" is answered, the card shows what the write side said
 * until the read model agrees, and never offers the action it just refused:
 * a cancellation the server accepted (at position P) or one it refused because
 * the order is already cancelled both mean "cancelled", marked as the write
 * side's word while the view is older than that.
 */
function writeSideStatus(order: ShownOrder, cancel: ReturnType<typeof useCancelOrder>, servedAt: number | undefined): string | null {
  if (order.status === 'cancelled') return null;
  if (cancel.isSuccess && (servedAt === undefined || servedAt < cancel.data.position)) return `cancelled at position ${cancel.data.position}`;
  if (cancel.error?.code === 'order_not_cancellable') return 'already cancelled';
  return null;
}

export function OrderCard({ order: shown, servedAt, highlight = false }: { order: ShownOrder; servedAt: number | undefined; highlight?: boolean }) {
  const cancel = useCancelOrder();
  const hydrated = useHydrated(); // server-rendered: the button works once the app runs
  const writeSide = writeSideStatus(shown, cancel, servedAt);
  const order: ShownOrder = writeSide ? { ...shown, status: 'cancelled' } : shown;
  return (
    <li
      className={`card order${order.pending ? ' is-pending' : ''}${highlight ? ' just-placed' : ''}`}
      aria-label={`Order ${order.lines.map((l) => l.title).join(', ')}`}
      aria-current={highlight ? 'true' : undefined}
    >
      <header>
        <span>
          <span className={`status ${order.status}`}>{order.status}</span>{' '}
          <span className="meta">
            {when(order.placedAt)}
            {order.id.startsWith('pending-') ? '' : ` · #${shortId(order.id)}`}
            {order.placedPosition !== undefined ? ` · placed at position ${order.placedPosition}` : ''}
          </span>
          {highlight && <span className="badge fresh">just placed</span>}
          {order.pending && <span className="badge pending"> pending</span>}
          {writeSide && (
            <span className="badge primary" title="What the command's answer said; the read model has not caught up yet">
              write side: {writeSide}
            </span>
          )}
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
          <button className="secondary" onClick={() => cancel.mutate({ order })} disabled={!hydrated || cancel.isPending || order.pending}>
            Cancel order
          </button>
        </div>
      )}
      {cancel.error && cancel.error.code !== 'order_not_cancellable' && <p className="notice bad">{cancel.error.message}</p>}
    </li>
  );
}
