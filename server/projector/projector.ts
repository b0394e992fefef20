// The projector loop: read the log after the checkpoint, wait out the lab
// delay, apply a batch atomically, announce the new position. It wakes at once
// on NOTIFY from a committing command and also polls as a safety net.
//
// The fast path (lab delay 0): a committing append's NOTIFY carries its events
// (server/events/appended-notice.ts), and notices arrive in commit order, which
// is position order. When the events heard continue this projector's last
// checkpoint with no gap, nothing else can lie between: they are applied as
// they are, without reading the log or the cursor back. Anything else (a gap,
// a notice too large to carry its events, a race with another writer, the
// poll) takes the slow path, which trusts only the log and Redis.
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import type { LabSettingsView, ProjectionAdvanced } from '@/server/contracts/api';
import { EVENTS_CHANNEL } from '@/server/events/append-events';
import { parseAppendedNotice } from '@/server/events/appended-notice';
import type { StoredEvent } from '@/server/events/types';
import { LAB_CHANNEL, readLabSettings } from '@/server/lab/lab-settings';
import { log } from '@/server/log';
import { applyBatch } from './apply-batch';
import { readActiveCursor, readCheckpoint } from './cursor';
import { DocumentCache } from './document-cache';
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import type { ReadModelKeys } from './keys';
import { readLogAfter, readLogHead } from './read-log';
import { Wakeup } from './wakeup';

export interface ProjectorOptions {
  db: DbHandle;
  /** A connection of its own: the projector awaits each reply, so nothing else should queue on it. */
  redis: Redis;
  /** A fixed namespace (tests, rebuilds); when absent, the active one, followed across rebuild switches. */
  keys?: ReadModelKeys;
  batchSize?: number;
  pollMs?: number;
  /** Publish each advance on Redis pub/sub (off for side projections in tests). */
  announce?: boolean;
  /** Called with each announcement after it is published (the worker pushes it to browsers). */
  onAnnounced?: (message: ProjectionAdvanced) => void;
  /** Where the lag settings come from; the lab table by default. */
  lab?: () => Promise<LagSettings>;
}

export interface Projector {
  /** Applies every event available now (honouring pause and delay) and resolves. */
  catchUp(): Promise<number>;
  /** Runs until stop(). */
  run(): Promise<void>;
  stop(): Promise<void>;
}

type Cursor = { keys: ReadModelKeys; checkpoint: number };
type LagSettings = Pick<LabSettingsView, 'delayMs' | 'paused'> & Partial<Pick<LabSettingsView, 'jitterMs'>>;

/**
 * The lab delay for one event: `delayMs` plus or minus up to `jitterMs`,
 * uniformly, never below 0. A function of the position, so an event's due
 * time does not move between steps. Events still apply in log order: one
 * that drew a short delay waits for the ones before it.
 */
export function delayFor(position: number, { delayMs, jitterMs = 0 }: LagSettings): number {
  if (jitterMs === 0) return delayMs;
  // A cheap integer hash (Knuth's multiplicative) spread to [-1, 1).
  const unit = (Math.imul(position, 2654435761) >>> 0) / 2 ** 31 - 1;
  return Math.max(0, Math.round(delayMs + unit * jitterMs));
}

/** Heard events kept for the fast path at most; beyond, the log has them. */
const MAX_HEARD = 10_000;

export function createProjector(opts: ProjectorOptions): Projector {
  const { db, redis, batchSize = 500, pollMs = 1000, announce = true } = opts;
  const lab = opts.lab ?? (() => readLabSettings(db));
  const wakeup = new Wakeup();
  let stopped = false;

  type Step = { kind: 'applied' | 'idle' | 'paused' | 'raced' } | { kind: 'waiting'; ms: number };

  // Lab settings change rarely: cached, dropped on the lab's NOTIFY, and reread at least every second.
  let labCache: { value: LagSettings; at: number } | undefined;
  async function labSettings() {
    if (!labCache || Date.now() - labCache.at > 1000) labCache = { value: await lab(), at: Date.now() };
    return labCache.value;
  }

  async function cursor(): Promise<Cursor> {
    return opts.keys ? { keys: opts.keys, checkpoint: await readCheckpoint(redis, opts.keys) } : readActiveCursor(redis);
  }

  // Where the last batch of this projector left the read models. Only the fast
  // path relies on it, and applyBatch's script checks it anyway.
  let known: Cursor | undefined;
  const documents = new DocumentCache();
  // Events heard in notices and not applied yet, in commit (= position) order.
  let heard: StoredEvent[] = [];

  function hear(payload: string) {
    const events = parseAppendedNotice(payload)?.events;
    // Bounded (while paused, say): beyond, the log keeps them and the slow path reads them from there.
    if (events && heard.length + events.length <= MAX_HEARD) heard.push(...events);
    wakeup.wake();
  }

  /** Forgets the heard events the read models already have. */
  function forgetHeardUpTo(checkpoint: number) {
    let applied = 0;
    while (applied < heard.length && heard[applied]!.position <= checkpoint) applied++;
    if (applied > 0) heard = heard.slice(applied);
  }

  /** The heard events that continue `checkpoint` without a gap (at most a batch), taken off the list. */
  function takeHeard(checkpoint: number): StoredEvent[] {
    forgetHeardUpTo(checkpoint);
    let take = 0;
    while (take < batchSize && take < heard.length && heard[take]!.position === checkpoint + 1 + take) take++;
    const taken = heard.slice(0, take);
    heard = heard.slice(take);
    return taken;
  }

  async function apply(at: Cursor, batch: StoredEvent[], logHead?: number): Promise<boolean> {
    known = undefined;
    const outcome = await applyBatch(redis, at.keys, at.checkpoint, batch, {
      logHead,
      mustBeActive: !opts.keys,
      announceOn: announce ? ADVANCED_CHANNEL : undefined,
      documents,
    });
    if (!outcome.applied) return false;
    known = { keys: at.keys, checkpoint: outcome.position };
    forgetHeardUpTo(outcome.position);
    if (announce) opts.onAnnounced?.(outcome.announcement);
    return true;
  }

  async function step(): Promise<Step> {
    const lag = await labSettings();
    if (lag.paused) return { kind: 'paused' };
    const noDelay = lag.delayMs === 0 && !lag.jitterMs;
    if (noDelay && known) {
      const at = known;
      const batch = takeHeard(at.checkpoint);
      if (batch.length > 0) {
        if (!(await apply(at, batch))) return { kind: 'raced' };
        return heard.length > 0 ? { kind: 'applied' } : { kind: 'idle' };
      }
    }
    const { keys, checkpoint } = await cursor();
    const rows = await readLogAfter(db.sql, checkpoint, batchSize);
    // Only events older than their lab delay are due, and only as a prefix: the log applies in order.
    const cut = rows.findIndex((r) => r.ageMs < delayFor(r.event.position, lag));
    const due = cut === -1 ? rows : rows.slice(0, cut);
    const firstNotDue = cut === -1 ? undefined : rows[cut];
    if (due.length === 0) return firstNotDue ? { kind: 'waiting', ms: delayFor(firstNotDue.event.position, lag) - firstNotDue.ageMs } : { kind: 'idle' };
    // An empty store with history behind it is a rebuild (first start, or Redis flushed): say so until done.
    const logHead = checkpoint === 0 ? await readLogHead(db.sql) : undefined;
    // Info, not warn: the first start of a fresh store does this every time; a Redis that lost its data is reported by health and the banner.
    if (logHead !== undefined && logHead > 0) log.info('projector.rebuilding', { from: 0, to: logHead, namespace: keys.namespace });
    if (!(await apply({ keys, checkpoint }, due.map((r) => r.event), logHead))) return { kind: 'raced' };
    const fastPathNext = noDelay && heard.length > 0;
    return rows.length === batchSize || firstNotDue || fastPathNext ? { kind: 'applied' } : { kind: 'idle' };
  }

  async function catchUp(): Promise<number> {
    for (;;) {
      const result = await step();
      if (result.kind === 'applied' || result.kind === 'raced') continue;
      return (await cursor()).checkpoint;
    }
  }

  async function run(): Promise<void> {
    const listeners = await Promise.all([
      db.sql.listen(EVENTS_CHANNEL, hear),
      db.sql.listen(LAB_CHANNEL, () => {
        labCache = undefined;
        wakeup.wake();
      }),
    ]);
    try {
      while (!stopped) {
        let result: Step;
        try {
          result = await step();
        } catch (error) {
          log.error('projector.step_failed', { error: error instanceof Error ? error.message : String(error) });
          await wakeup.sleep(pollMs);
          continue;
        }
        if (result.kind === 'applied' || result.kind === 'raced') continue;
        const ms = result.kind === 'waiting' ? Math.max(1, Math.ceil(result.ms)) : pollMs;
        await wakeup.sleep(ms);
      }
    } finally {
      await Promise.all(listeners.map((l) => l.unlisten()));
    }
  }

  return {
    catchUp,
    run,
    async stop() {
      stopped = true;
      wakeup.wake();
    },
  };
}
