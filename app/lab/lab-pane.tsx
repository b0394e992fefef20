'use client';

// One Lab pane: the chosen book and my latest orders, read through the pane's
// own consistency scope, and what the Lab measured of the last command here.
import { memo, useEffect, useLayoutEffect, useState } from 'react';
import { FreshnessBadge, ShownValue } from '@/app/components/freshness-badge';
import { dollars } from '@/app/lib/format';
import { LiveIndicator } from '@/app/components/live-indicator';
import { RollbackNotices } from '@/app/components/rollback-notices';
import { claimOf, describeFreshness } from '@/app/lib/consistency/freshness';
import { listensToPushes } from '@/app/lib/consistency/compose';
import { ConsistencyScopeProvider } from '@/app/lib/consistency/scope-provider';
import { overlayBook, overlayOrders } from '@/app/lib/consistency/strategies/optimistic-updates';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';
import type { LabCommandRecord, LabPane, PaneSample } from '@/app/lib/lab/lab-runner';
import { measure, type CommandTiming } from '@/app/lib/lab/measure';
import { bookQuery } from '@/app/lib/queries/book';
import { ordersQuery } from '@/app/lib/queries/orders';
import type { Role } from '@/server/contracts/api';
import { PaneAnomalies } from './pane-anomalies';
import { PaneStats } from './pane-stats';
import { Waterfall } from './waterfall';

export const LAB_ORDERS = 3;

export function LabPaneView(props: {
  pane: LabPane;
  bookId: string | undefined;
  role: Role;
  /** A command was sent; its answer may not be in yet. */
  sent: boolean;
  timing: CommandTiming | undefined;
  sample: PaneSample | undefined;
  samples: PaneSample[];
  records: readonly LabCommandRecord[];
  scaleMs: number;
  onRemove: () => void;
}) {
  const { pane } = props;
  return (
    <ConsistencyScopeProvider scope={pane.scope}>
      <section className="card pane" aria-label={pane.label}>
        <div className="pane-head">
          <h3>{pane.label}</h3>
          <span className="pane-tools">
            <LiveIndicator hideWhenOff />
            <button className="link" onClick={() => void pane.scope.reload()} aria-label={`Reload ${pane.label}`}>
              Reload
            </button>
            <button className="link" onClick={props.onRemove} aria-label={`Remove ${pane.label}`}>
              ×
            </button>
          </span>
        </div>
        {props.bookId ? <PaneBook pane={pane} bookId={props.bookId} /> : <p className="meta">Choose a book above.</p>}
        {props.role === 'customer' && <PaneOrders pane={pane} />}
        <RollbackNotices className="pane-alerts" />
        <PaneMeasurement pane={pane} sent={props.sent} timing={props.timing} sample={props.sample} scaleMs={props.scaleMs} />
        <PaneStats samples={props.samples} />
        <PaneAnomalies pane={pane} records={props.records} />
      </section>
    </ConsistencyScopeProvider>
  );
}

// Memoized: the Lab re-renders a pane at each milestone of the command it measures; its views
// re-render from their own reads, and a render for nothing would delay the very answer being timed.
const PaneBook = memo(function PaneBook({ pane, bookId }: { pane: LabPane; bookId: string }) {
  const { data, error, freshness } = useConsistentQuery(bookQuery, bookId);
  const shown = data ? overlayBook(data.book, freshness.pending) : undefined;
  const stamp = data?.projection;
  const [stock, priceCents, pending] = [shown?.book.stock, shown?.book.priceCents, shown?.pending ?? false];
  const claim = claimOf(describeFreshness({ projection: freshness.projection, pending, note: freshness.note, notYet: freshness.notYet }));
  // Layout effect: recorded when React commits what the user is about to see, not later.
  useLayoutEffect(() => {
    if (stock !== undefined && priceCents !== undefined && stamp) pane.probe.reportBook({ bookId, stock, priceCents, pending, stamp, claim });
  }, [pane, bookId, stock, priceCents, pending, stamp, claim]);
  if (error) return <p className="notice bad">{error.message}</p>;
  if (!shown) return <p className="meta">Loading…</p>;
  return (
    <div className="pane-view">
      <div className="view-head">
        <strong className="pane-title">{shown.book.title}</strong>
        <FreshnessBadge freshness={freshness} pending={shown.pending} />
      </div>
      <dl className="facts compact">
        <dt>Price</dt>
        <dd>
          <ShownValue value={dollars(shown.book.priceCents)} guessed={shown.guessed.price} testId="price" />
        </dd>
        <dt>In stock</dt>
        <dd>
          <ShownValue value={shown.book.stock} guessed={shown.guessed.stock} testId="stock" />
        </dd>
      </dl>
    </div>
  );
});

const PaneOrders = memo(function PaneOrders({ pane }: { pane: LabPane }) {
  const { data, error, freshness } = useConsistentQuery(ordersQuery, { limit: LAB_ORDERS });
  const orders = data ? overlayOrders(data.items, freshness.pending).slice(0, LAB_ORDERS) : undefined;
  const pending = orders?.some((o) => o.pending) ?? false;
  const ids = orders?.map((o) => o.id).join(',');
  const stamp = data?.projection;
  const claim = claimOf(describeFreshness({ projection: freshness.projection, pending, note: freshness.note, notYet: freshness.notYet }));
  useLayoutEffect(() => {
    if (ids !== undefined && stamp) pane.probe.reportOrders({ orderIds: ids ? ids.split(',') : [], pending, stamp, claim });
  }, [pane, ids, pending, stamp, claim]);
  if (error) return <p className="notice bad">{error.message}</p>;
  return (
    <div className="pane-view">
      <div className="view-head">
        <strong>My latest orders</strong>
        <FreshnessBadge freshness={freshness} pending={pending} />
      </div>
      {!orders ? (
        <p className="meta">Loading…</p>
      ) : orders.length === 0 ? (
        <p className="meta">No orders as of position {stamp?.position}.</p>
      ) : (
        <ul className="pane-orders">
          {orders.map((o) => (
            <li key={o.id} className={o.pending ? 'is-pending' : undefined} aria-label={`Order ${o.lines.map((l) => l.title).join(', ')}`}>
              <span className={`status ${o.status}`}>{o.status}</span> {o.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')}{' '}
              <span className="meta">{dollars(o.totalCents)}</span>
              {o.pending && <span className="badge pending">pending</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});


/** Live while the command is measured (every 100 ms), final once the pane settled. */
function PaneMeasurement({ pane, sent, timing, sample, scaleMs }: { pane: LabPane; sent: boolean; timing: CommandTiming | undefined; sample: PaneSample | undefined; scaleMs: number }) {
  const [now, setNow] = useState(0);
  const measuring = timing !== undefined && sample === undefined;
  useEffect(() => {
    if (!measuring) return;
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, [measuring]);
  if (!timing) {
    return <p className="meta pane-measure">{sent ? 'Sent; measuring from the click…' : 'Press “Buy in every pane” to measure this strategy.'}</p>;
  }
  const m = sample ?? measure(pane.probe.history, timing, now || performance.now());
  const failed = timing.position === undefined;
  return (
    <div className="pane-measure" aria-label="Measurement">
      <p className="figures">
        <span data-testid="shown">{m.shownMs === null ? (failed ? 'never shown' : 'not shown yet') : `shown in ${m.shownMs} ms`}</span>
        <span data-testid="consistent">
          {failed ? 'failed: nothing to be consistent with' : m.consistentMs === null ? (sample ? 'not consistent (press Reload)' : 'not consistent yet') : `consistent in ${m.consistentMs} ms`}
        </span>
        <span data-testid="wrong" className={m.wrongMs > 0 ? 'bad-text' : undefined}>
          wrong {m.wrongMs} ms
        </span>
      </p>
      {sample && (
        <p className="meta" data-testid="cost">
          cost: {sample.requests} requests · {sample.socketMessages} pushes · held {sample.heldMs} ms · {sample.primaryReads} from primary
          {sample.reloads > 0 ? ` · ${sample.reloads} reloads` : ''}
        </p>
      )}
      <Waterfall trace={sample?.trace ?? pane.scope.trace(pane.scope.timeline.get().commands[0]?.id ?? '')} clickAt={timing.clickAt} shownMs={m.shownMs} consistentMs={m.consistentMs} scaleMs={scaleMs} listening={listensToPushes(pane.scope.settings.get())} />
    </div>
  );
}
