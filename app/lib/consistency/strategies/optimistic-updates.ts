// Strategy: optimistic updates.
//
// Guarantee: your change is on screen the moment you click, marked pending,
// and if the server refuses it, it is taken back visibly with the reason.
// Cost: what you see may be a guess for a moment (a rollback is a visible
// "wrong"); each command needs a client-side model of its effect.
// Pick it when: commands almost always succeed and the lag must not be felt.
//
// The react-query cache keeps only what the server said; views show server
// data + the overlays that data does not include yet. An overlay stays until
// the view is served at or after the command's position (the token), so an
// older answer can never make the change flicker away. To be confirmed, a view
// behind a committed overlay reads with `wait` for that position: the server
// answers when the read model has it (woken by the projector, no polling), or
// at once if a push or another answer already showed it got there. That read
// leaves with the command, not after its answer: while the command is in
// flight, the views it affects read with `wait` for the command itself
// (`afterCommand`, see wait-for-projection.ts), so the answer finds the
// confirmation already on its way.
import type { BookView, OrderView } from '@/server/contracts/api';
import { createStore, type Store } from '../external-store';
import type { Strategy } from './strategy';
import { waitForCommandParams, waitParams } from './wait-for-projection';

export type Change =
  | { kind: 'order-placed'; order: OrderView; bookIds: string[] }
  | { kind: 'order-cancelled'; orderId: string }
  | { kind: 'stock'; bookId: string; delta: number }
  | { kind: 'price'; bookId: string; priceCents: number };

export interface Overlay {
  /** The command's id: the same across a reload, so a resumed command finds its overlay. */
  id: string;
  changes: Change[];
  /** Set when the command commits; until the view reaches it, the overlay shows. */
  token?: number;
  /** Another tab of this browser owns it (browser-session.ts); absent for this tab's own. */
  tab?: string;
}

export interface Rollback {
  id: string;
  message: string;
}

/** One scope's overlays and the rollbacks it still has to tell the user about. */
export class OptimisticOverlays {
  readonly overlays: Store<Overlay[]> = createStore<Overlay[]>([]);
  readonly rollbacks: Store<Rollback[]> = createStore<Rollback[]>([]);

  /** Lays `changes` over the views; a command resumed after a reload keeps the overlay it already has. */
  apply(id: string, changes: Change[]): string {
    if (!this.overlays.get().some((o) => o.id === id)) this.overlays.set((list) => [...list, { id, changes }]);
    return id;
  }

  confirm(id: string, token: number): void {
    this.overlays.set((list) => list.map((o) => (o.id === id ? { ...o, token } : o)));
  }

  rollBack(id: string, message: string): void {
    this.overlays.set((list) => list.filter((o) => o.id !== id));
    this.explain(id, message);
  }

  /** Tells the user about guesses that went without being laid over the views (a rollback of what an earlier page showed). */
  explain(id: string, message: string): void {
    this.rollbacks.set((list) => [...list.filter((r) => r.id !== id), { id, message }]);
  }

  dismiss(id: string): void {
    this.rollbacks.set((list) => list.filter((r) => r.id !== id));
  }
}

/** The lowest committed-overlay position a view served at `position` has not reached, if any. */
export function confirmationNeeded(list: Overlay[], position: number | undefined): number | undefined {
  const tokens = list.map((o) => o.token).filter((t): t is number => t !== undefined && (position === undefined || t > position));
  return tokens.length ? Math.min(...tokens) : undefined;
}

/** The changes a view served at `position` does not include yet. */
export function pendingFor(list: Overlay[], position: number): Change[] {
  return list.filter((o) => o.token === undefined || position < o.token).flatMap((o) => o.changes);
}

/** Which of a book's shown fields are this browser's guess laid over the read model, not what it said. */
export interface GuessedBookFields {
  stock: boolean;
  price: boolean;
}

/**
 * The book as the view shows it: the read model's, with the pending changes
 * laid over. `guessed` names each field a change touched, so the view can mark
 * that field, not just the whole book: the others (the version among them) are
 * still the read model's at its position.
 */
export function overlayBook(book: BookView, pending: Change[]): { book: BookView; pending: boolean; guessed: GuessedBookFields } {
  let next = book;
  const guessed: GuessedBookFields = { stock: false, price: false };
  for (const change of pending) {
    if (change.kind === 'stock' && change.bookId === book.id) {
      next = { ...next, stock: next.stock + change.delta };
      guessed.stock = true;
    }
    if (change.kind === 'price' && change.bookId === book.id) {
      next = { ...next, priceCents: change.priceCents };
      guessed.price = true;
    }
  }
  return { book: next, pending: guessed.stock || guessed.price, guessed };
}

export interface ShownOrder extends OrderView {
  pending?: boolean;
}

export function overlayOrders(orders: OrderView[], pending: Change[]): ShownOrder[] {
  const known = new Set(orders.map((o) => o.id));
  const placed = pending.flatMap((c) => (c.kind === 'order-placed' && !known.has(c.order.id) ? [{ ...c.order, pending: true }] : []));
  const cancelled = new Set(pending.flatMap((c) => (c.kind === 'order-cancelled' ? [c.orderId] : [])));
  return [...placed.reverse(), ...orders].map((o) => (cancelled.has(o.id) ? { ...o, status: 'cancelled' as const, pending: true } : o));
}

export const optimisticUpdates: Strategy = {
  key: 'optimisticUpdates',
  label: 'Optimistic updates',
  guarantee: 'Your change shows instantly, marked pending, and rolls back visibly if it fails.',
  cost: 'What you see may be a guess for a moment; each command needs a model of its effect.',
  pickWhen: 'Commands almost always succeed and the lag must not be felt.',
  refreshesItself: true,
  onCommand({ id: commandId, label, changes, overlays }) {
    if (!changes) return undefined;
    const id = overlays.apply(commandId, changes);
    return {
      committed: (position) => overlays.confirm(id, position),
      refused: (message) => overlays.rollBack(id, `${label} was rolled back: ${message}`),
    };
  },
  read(s) {
    // A view with nothing yet reads at once: the overlay shows over whatever arrives first, and is confirmed after.
    if (!s.served) return {};
    // The confirming read leaves with the command, held by the server until it is projected (as wait's does).
    if (s.commandInFlight !== undefined) return { params: waitForCommandParams(s.commandInFlight) };
    const confirmAt = confirmationNeeded(s.overlays, s.served.position);
    if (confirmAt === undefined) return {};
    // Until a real answer confirms it, the view keeps one held read open for the overlay's position (asked again after a timeout).
    return { params: waitParams(confirmAt), refetch: !s.fetching };
  },
};
