// What one Lab pane shows, over time: its views report what they render (the
// book's price and stock, the order ids listed, whether any is a pending
// guess, the stamps they were served with) and the probe keeps one timeline
// of observations for measure.ts.
import type { ProjectionStamp } from '@/server/contracts/api';
import type { Observation } from './measure';

export interface BookFacts {
  stock: number;
  priceCents: number;
  pending: boolean;
  stamp: ProjectionStamp;
}

export interface OrdersFacts {
  orderIds: string[];
  pending: boolean;
  stamp: ProjectionStamp;
}

const KEEP = 4000;

export class PaneProbe {
  readonly history: Observation[] = [];
  private book: BookFacts | undefined;
  private orders: OrdersFacts | undefined;
  private readonly listeners = new Set<() => void>();

  reportBook(facts: BookFacts, at = performance.now()): void {
    this.book = facts;
    this.record(at);
  }

  reportOrders(facts: OrdersFacts, at = performance.now()): void {
    this.orders = facts;
    this.record(at);
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
