// What one Lab pane shows, over time: its views report what they render (the
// book's price and stock, the order ids listed, whether any is a pending
// guess, the stamps they were served with, what the badge claims) and the
// probe keeps one timeline of observations for measure.ts, and one sample per
// view change for the anomaly checker (anomalies.ts).
import type { ProjectionStamp } from '@/server/contracts/api';
import { dollars } from '@/app/lib/format';
import { wallClock } from '@/app/lib/consistency/view-history';
import type { BadgeClaim, ViewSample } from './anomalies';
import type { Observation } from './measure';

export interface BookFacts {
  bookId: string;
  stock: number;
  priceCents: number;
  pending: boolean;
  stamp: ProjectionStamp;
  claim: BadgeClaim;
}

export interface OrdersFacts {
  orderIds: string[];
  pending: boolean;
  stamp: ProjectionStamp;
  claim: BadgeClaim;
}

const KEEP = 4000;

export class PaneProbe {
  readonly history: Observation[] = [];
  readonly samples: ViewSample[] = [];
  private book: BookFacts | undefined;
  private orders: OrdersFacts | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly session: string) {}

  reportBook(facts: BookFacts, at = performance.now()): void {
    this.book = facts;
    this.sample(at, `book:${facts.bookId}`, `stock ${facts.stock}, ${dollars(facts.priceCents)}`, facts);
    this.record(at);
  }

  reportOrders(facts: OrdersFacts, at = performance.now()): void {
    this.orders = facts;
    this.sample(at, 'orders', `${facts.orderIds.length} orders: ${facts.orderIds.map((id) => id.slice(0, 8)).join(' ')}`, facts, facts.orderIds);
    this.record(at);
  }

  private sample(at: number, view: string, value: string, facts: { stamp: ProjectionStamp; claim: BadgeClaim }, items?: string[]): void {
    const next: ViewSample = { at: wallClock(at), session: this.session, view, value, items, position: facts.stamp.position, source: facts.stamp.source, badge: facts.claim };
    const prev = this.samples.findLast((s) => s.view === view);
    if (prev && prev.value === next.value && prev.position === next.position && prev.badge === next.badge && prev.source === next.source) return;
    this.samples.push(next);
    if (this.samples.length > KEEP) this.samples.splice(0, this.samples.length - KEEP);
  }

  last(): Observation | undefined {
    return this.history.at(-1);
  }

  /** Calls `listener` after each new observation; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(at: number): void {
    const { book, orders } = this;
    const next: Observation = {
      at,
      orderIds: orders?.orderIds,
      stock: book?.stock,
      priceCents: book?.priceCents,
      pending: (book?.pending ?? false) || (orders?.pending ?? false),
      stamps: { book: book?.stamp, orders: orders?.stamp },
    };
    const prev = this.last();
    if (prev && sameView(prev, next)) return;
    this.history.push(next);
    if (this.history.length > KEEP) this.history.splice(0, this.history.length - KEEP);
    for (const l of this.listeners) l();
  }
}

const stampText = (s: ProjectionStamp | undefined) => (s ? `${s.source}@${s.position}${s.stale ? '!' : ''}` : '');

function sameView(a: Observation, b: Observation): boolean {
  return (
    a.stock === b.stock &&
    a.priceCents === b.priceCents &&
    a.pending === b.pending &&
    (a.orderIds ?? []).join() === (b.orderIds ?? []).join() &&
    stampText(a.stamps.book) === stampText(b.stamps.book) &&
    stampText(a.stamps.orders) === stampText(b.stamps.orders)
  );
}
