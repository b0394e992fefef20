// Shapes that cross the wire: shared by route handlers, server actions and the
// browser. Types only, so the client bundle imports nothing from the server.
import type { Tag } from './tags';

export type Role = 'customer' | 'admin';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'version_conflict'
  | 'price_changed'
  | 'insufficient_stock'
  | 'order_not_cancellable'
  | 'idempotency_key_reused'
  | 'rebuild_in_progress'
  | 'no_active_worker'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'lab_failure'
  | 'unavailable'
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string[]>;
  /** With `rate_limited`: when to try again (also the Retry-After header on HTTP; a server action has only this). */
  retryAfterSeconds?: number;
  /** With `price_changed`: what the books cost now, so the UI can offer to buy at that price. */
  currentPrices?: { bookId: string; title: string; priceCents: number }[];
  /** With `insufficient_stock`: what is left of the book on the write side, so the UI never offers the same order again. */
  currentStock?: { bookId: string; title: string; stock: number }[];
  /**
   * With `not_found` from a read model: the position it was asked at. A client
   * that knows of a later position (it just added the thing) reads this as
   * "not in the read model yet", not as "no such thing".
   */
  projection?: ProjectionStamp;
}

/** Every command answers with this shape; `position` is the consistency token. */
/** What place-order answers besides the position: the write side's state right after it. */
export interface PlaceOrderAnswer {
  orderId: string;
  /** What the order was charged, all lines. */
  totalCents: number;
  /** Each ordered book's stock after the order. */
  stockAfter: Record<string, number>;
}

export type CommandResult<T extends object = object> =
  | ({ ok: true; position: number; version: number } & T)
  | { ok: false; error: ApiError };

export type ReadSource = 'read-model' | 'primary';

/** How long the server holds a `consistency=wait` read by default, and the browser's wait strategy asks it to. */
export const DEFAULT_WAIT_MS = 3000;

/** Whether the read models can be trusted: answers say which when they came from Postgres instead. */
export type ReadModelState = 'ready' | 'rebuilding' | 'unavailable';

/** Attached to every query response: what position the data was served at, and from where. */
export interface ProjectionStamp {
  position: number;
  source: ReadSource;
  stale?: boolean;
  /** How long the server held this read waiting for the read model (consistency=wait). */
  heldMs?: number;
  /** Set when the answer came from Postgres because the read models could not be trusted or reached. */
  readModel?: Exclude<ReadModelState, 'ready'>;
}

export interface BookView {
  id: string;
  title: string;
  author: string;
  priceCents: number;
  stock: number;
  version: number;
}

export interface OrderLineView {
  bookId: string;
  title: string;
  quantity: number;
  priceCents: number;
}

export type OrderStatus = 'placed' | 'cancelled';

export interface OrderView {
  id: string;
  status: OrderStatus;
  lines: OrderLineView[];
  totalCents: number;
  placedAt: string;
  version: number;
  /** The log position the order was placed at: lists carry it (a single order read does not), so two alike orders can be told apart. */
  placedPosition?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  projection: ProjectionStamp;
}

export interface BookResponse {
  book: BookView;
  projection: ProjectionStamp;
}

export interface OrderResponse {
  order: OrderView;
  projection: ProjectionStamp;
}

export interface BestsellerView extends BookView {
  unitsSold: number;
}

export interface BestsellersResponse {
  items: BestsellerView[];
  projection: ProjectionStamp;
}

export interface ProjectionStatus {
  position: number;
  headPosition: number;
  lagEvents: number;
  lagMs: number;
  paused: boolean;
  delayMs: number;
  readModel: ReadModelState;
  /** Set when a transaction has held the event log's append lock for a while: writers queue behind it and nothing new can be projected. */
  waitingOn: { reason: string; pid: number; heldMs: number; writersQueued: number } | null;
  /** The worker projecting now (process id, and when it took over); null when none is. */
  activeWorker: { pid: number; since: string } | null;
  /** The Redis namespace the read models are served from; a rebuild switches it. */
  namespace: string;
  /** The latest read-model rebuild, if any since Redis was last emptied. */
  rebuild: RebuildStatus | null;
  /** DEMO_MODE=1 on the server: every signed-in user may use the lab and change prices. */
  demoMode: boolean;
}

/** A rebuild projects the whole log into a fresh namespace beside the live one, then switches to it. */
export interface RebuildStatus {
  state: 'requested' | 'running' | 'switched' | 'failed';
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The namespace being built (the active one once switched) and the one it replaces. */
  namespace?: string;
  replaces?: string;
  /** Where the new read models are, and where the live ones were at that moment. */
  position: number;
  livePosition: number;
  eventsApplied: number;
  eventsPerSecond?: number;
  /** When the replaced namespace was deleted: a grace period after the switch, for reads that had already opened it. */
  replacedDeletedAt?: string;
  error?: string;
}

/** What a user may do in the lab (server/commands/lab-access.ts); the server checks again on every request. */
export interface LabAccess {
  /** DEMO_MODE=1: the lab and price changes are open to every signed-in user. */
  demoMode: boolean;
  mayChangeLab: boolean;
  mayChangePrice: boolean;
}

export interface LabSettingsView {
  delayMs: number;
  paused: boolean;
  failNextCommand: boolean;
  /** Each event's delay is `delayMs` plus or minus up to this, uniformly (never below 0). */
  jitterMs: number;
  /** "Fail next command" answers after this long, so the optimism it undoes is seen first. */
  failAfterMs: number;
  /** The next N pushes to browsers are not sent. */
  dropPushes: number;
  /** The next N pushes to browsers are sent twice. */
  duplicatePushes: number;
  /** The next N pushes to browsers are each held and sent after the one that follows it. */
  reorderPushes: number;
  /** The next command holds its transaction open this long after appending. */
  holdNextAppendMs: number;
}

/** POST /api/lab/kill-worker: the worker that was told to exit hard. */
export interface WorkerKilled {
  killed: { pid: number; since: string };
}

/** POST /api/lab/stop-redis: Redis answers nobody until `until` (ISO 8601). */
export interface RedisStopped {
  ms: number;
  until: string;
}

/** One entry of the event log as anyone signed in may see it: no payload (it holds other customers' orders). */
export interface EventLogEntry {
  position: number;
  /** The event's name, e.g. `OrderPlaced` (server/events/types.ts). */
  type: string;
  /** When it was committed, ISO 8601. */
  occurredAt: string;
}

/** GET /api/lab/log: the newest events of the log, oldest first, and how far the read models have got. */
export interface EventLogTail {
  events: EventLogEntry[];
  /** The newest position in the log (0 when empty); the last entry's position when there are entries. */
  headPosition: number;
  /** The read models' checkpoint, read before the log so it is never ahead of `headPosition`; null when Redis is unreachable. */
  checkpoint: number | null;
}

/** Published by the projector on Redis pub/sub after each applied batch. */
export interface ProjectionAdvanced {
  /** The checkpoint before this batch: a listener that last heard an older position missed something. */
  from: number;
  position: number;
  /** How many events the batch applied, and when the last of them committed (ms since epoch): for lag metrics. */
  applied?: number;
  occurredAt?: number;
  /** What changed (not Redis keys: they hide the namespace); formatted and parsed by server/contracts/tags.ts. */
  changed: Tag[];
  /** The worker saying its last position again after a quiet second (server/realtime/push-to-browsers.ts): news only to who missed it. */
  repeat?: boolean;
}
