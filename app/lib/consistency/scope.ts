// A consistency scope: one set of strategies with everything they keep. Its own
// QueryClient (cache), settings, token and command timeline, optimistic
// overlays, the read-model position it has evidence of, and counters of what
// it cost. The ordinary pages are one scope; the Lab runs one per pane, side by
// side, sharing nothing but the server session (cookies). Not React: the
// provider (scope-provider.tsx) hands it to views, the Lab's runner holds many.
import { hashKey, notifyManager, partialMatchKey, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { CommandResult, ProjectionAdvanced, ProjectionStamp } from '@/server/contracts/api';
import { apiGet } from '@/app/lib/api-fetch';
import { enabledStrategies, readsWaitForCommandInFlight } from './compose';
import { createStore, type Store } from './external-store';
import { DEFAULT_SETTINGS, parseStoredSettings, writeSettingsCookie, type StrategyKey, type StrategySettings } from './settings';
import { OptimisticOverlays, type Change } from './strategies/optimistic-updates';
import { commandAwaited } from './strategies/wait-for-projection';
import type { AnnouncementTarget, CommandPart } from './strategies/strategy';
import { ViewHistory } from './view-history';
import { committed, EMPTY_TIMELINE, failed, reached, submitted, type Milestone, type TimelineState } from './sync-timeline';

// TanStack Query hands an answer to its views in a batch it schedules with setTimeout(0): one more
// task, queued behind whatever else the page has, between a read's answer and the screen that
// shows it. In a microtask the answer renders in the task that received it (bench/FINDINGS.md).
notifyManager.setScheduler(queueMicrotask);

export interface ScopeCounters {
  /** Reads this scope's views sent. */
  requests: number;
  /** Pushes its socket received. */
  socketMessages: number;
  /** Milliseconds the server held its reads (wait for projection). */
  heldMs: number;
  /** Reads the server answered from Postgres. */
  primaryReads: number;
}

const ZERO_COUNTERS: ScopeCounters = { requests: 0, socketMessages: 0, heldMs: 0, primaryReads: 0 };

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

export interface OutboxEntry {
  id: string;
  /** The command's name in app/lib/mutations/commands.ts. */
  command: string;
  input: unknown;
  idempotencyKey: string;
  label: string;
}

export interface CommandHandle {
  trace: string;
  idempotencyKey?: string;
  /** The views the command affects. */
  affects: QueryKey[];
  /** What each enabled strategy does with this command's answer. */
  parts: CommandPart[];
}

export interface ScopeOptions {
  settings?: StrategySettings;
  /** Keep the settings in localStorage under this key (the ordinary pages). */
  persistKey?: string;
  /** The query keys a pushed change tag makes stale (app/lib/queries/read-models.ts). */
  keysForTag: (tag: string) => QueryKey[];
}

const now = () => performance.now();

export class ConsistencyScope {
  readonly settings: Store<StrategySettings>;
  /** What server rendering and hydration assume, before the browser's own choice is known. */
  readonly initialSettings: StrategySettings;
  readonly timeline: Store<TimelineState> = createStore(EMPTY_TIMELINE);
  readonly optimistic = new OptimisticOverlays();
  readonly readModelAt: Store<number> = createStore(0);
  /**
   * The highest position this page knows the log has from commands it sent for
   * other scopes (the Lab's panes). Its own commits are the token; together they
   * are the header's evidence of the log (projection-figures.ts). No strategy reads it.
   */
  readonly logAt: Store<number> = createStore(0);
  readonly counters: Store<ScopeCounters> = createStore(ZERO_COUNTERS);
  readonly live: Store<LiveState> = createStore<LiveState>('off');
  /** What this scope's views showed, for the anomaly checker. */
  readonly views = new ViewHistory();
  /** The page is being reloaded or closed: a command cut off now is not failed, it is resumed by the next load. */
  leaving = false;
  /** Commands sent and not answered yet, with their idempotency keys: kept across a reload by browser-session.ts and resumed. */
  readonly outbox: Store<OutboxEntry[]> = createStore<OutboxEntry[]>([]);
  readonly queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0, retry: 1, refetchOnWindowFocus: true } } });
  private readonly persistKey: string | undefined;
  private readonly keysForTag: (tag: string) => QueryKey[];
  /** Per query (its hash): the read-model position this scope had evidence of when its latest read left. */
  private readonly readLeftAt = new Map<string, number>();
  /** Per query (its hash): the command its latest read is held for, if it left with one (wait for projection). */
  private readonly readAwaits = new Map<string, string | undefined>();
  /** Commands sent and not answered, by idempotency key, with the views each affects (in the order sent). */
  private readonly inFlight = new Map<string, QueryKey[]>();

  constructor(opts: ScopeOptions) {
    this.persistKey = opts.persistKey;
    this.keysForTag = opts.keysForTag;
    // The page scope's first render uses what the server rendered with (the cookie); the browser's own choice (localStorage) then wins.
    this.initialSettings = opts.settings ?? DEFAULT_SETTINGS;
    const stored = opts.persistKey && typeof window !== 'undefined' ? parseStoredSettings(window.localStorage.getItem(opts.persistKey)) : null;
    this.settings = createStore(stored ?? this.initialSettings);
    if (stored) writeSettingsCookie(stored);
  }

  setStrategy(key: StrategyKey, on: boolean): void {
    this.settings.set((prev) => ({ ...prev, [key]: on }));
    if (this.persistKey) {
      window.localStorage.setItem(this.persistKey, JSON.stringify(this.settings.get()));
      writeSettingsCookie(this.settings.get());
    }
  }

  /** Every read of this scope's views goes through here, so it is counted and its position becomes evidence. */
  async read<T extends { projection: ProjectionStamp }>(path: string, queryKey: QueryKey, signal?: AbortSignal, params: Record<string, string> = {}): Promise<T> {
    this.count({ requests: 1 });
    const hash = hashKey(queryKey);
    this.readLeftAt.set(hash, this.readModelAt.get());
    this.readAwaits.set(hash, commandAwaited(params));
    const answer = await apiGet<T>(path, signal);
    this.answered(answer.projection);
    return answer;
  }

  private answered(stamp: ProjectionStamp): void {
    this.count({ primaryReads: stamp.source === 'primary' ? 1 : 0, heldMs: stamp.heldMs ?? 0 });
    if (stamp.source === 'read-model') this.readModelHas(stamp.position);
    this.stamp('fetchedAt', stamp.position);
  }

  /** Evidence that the read model has `position`: a read-model answer, or a push (sent only after the batch is written). */
  private readModelHas(position: number): void {
    if (position > this.readModelAt.get()) this.readModelAt.set(position);
    this.stamp('projectedAt', position);
  }

  /**
   * The projector's status (the header's poll) says the read model has
   * `position`. Evidence for the sync timeline's "projected" only: without it a
   * scope that neither listens nor reads again would say "projected …" for ever
   * while the header beside it names the position. No strategy reads it; they
   * decide from pushes and answers (projection-status.ts).
   */
  statusReports(position: number): void {
    this.stamp('projectedAt', position);
  }

  /** A command this page sent for other scopes committed at `position`: the log has it, whatever this scope's own token says. */
  logHas(position: number): void {
    if (position > this.logAt.get()) this.logAt.set(position);
  }

  /** A view rendered data served at `position`. */
  rendered(position: number): void {
    this.stamp('shownAt', position);
  }

  /** A push from the projector (null: the socket reconnected and may have missed some). */
  heard(message: ProjectionAdvanced | null, gap: boolean): void {
    if (message) {
      this.count({ socketMessages: 1 });
      this.readModelHas(message.position);
      this.stamp('notifiedAt', message.position);
    }
    const target: AnnouncementTarget = {
      invalidateTags: (changed) => this.refresh(changed.flatMap(this.keysForTag), message?.position),
      invalidateAll: () => void this.queryClient.invalidateQueries(),
    };
    for (const strategy of enabledStrategies(this.settings.get())) strategy.onAnnouncement?.(message, target, gap);
  }

  /** The latest command sent and not answered that affects the view under `queryKey`: its idempotency key. */
  commandInFlight(queryKey: QueryKey): string | undefined {
    let latest: string | undefined;
    for (const [key, affects] of this.inFlight) if (affects.some((k) => partialMatchKey(queryKey, k))) latest = key;
    return latest;
  }

  /**
   * A command this scope treats as its own: a trace, and whatever the enabled
   * strategies do before it is sent. `affects`: the views its answer makes stale.
   */
  commandStarted(command: { id: string; label: string; changes?: Change[]; idempotencyKey?: string; affects?: QueryKey[] }, at = now()): CommandHandle {
    const { id, label, changes, idempotencyKey, affects = [] } = command;
    const trace = crypto.randomUUID();
    this.timeline.set((s) => submitted(s, { id: trace, label, submittedAt: at }));
    if (idempotencyKey !== undefined) this.inFlight.set(idempotencyKey, affects);
    const context = { id, label, changes, overlays: this.optimistic };
    const parts = enabledStrategies(this.settings.get()).flatMap((s) => s.onCommand?.(context) ?? []);
    return { trace, idempotencyKey, parts, affects };
  }

  /**
   * The command has left. If the views it affects read in a way that waits
   * for it (compose.ts), they read again now, behind it: the server holds
   * those reads until the command is projected, so the answer finds them
   * waiting instead of sending them then. Sent before the command, they
   * would be in the way of its own request on a busy browser and server.
   */
  commandSent(handle: CommandHandle): void {
    if (handle.idempotencyKey !== undefined && readsWaitForCommandInFlight(this.settings.get())) this.refresh(handle.affects, undefined);
  }

  /** The command's answer: the token moves, each strategy is told, and the views it touches refetch. */
  commandSettled(handle: CommandHandle, result: CommandResult, at = now()): void {
    if (handle.idempotencyKey !== undefined) this.inFlight.delete(handle.idempotencyKey);
    if (result.ok) {
      this.timeline.set((s) => committed(s, handle.trace, result.position, at));
      for (const part of handle.parts) part.committed(result.position);
    } else {
      this.timeline.set((s) => failed(s, handle.trace, result.error.message, at));
      for (const part of handle.parts) part.refused(result.error.message);
    }
    // Success or failure, the views this command touches may be out of date (a 409 means someone else won).
    // A read held for this very command will include it if it committed; if it was refused, it would be held in vain.
    this.refresh(handle.affects, result.ok ? result.position : undefined, result.ok ? handle.idempotencyKey : undefined);
  }

  /**
   * The views under `keys` read again, to include `position` (unknown: whatever
   * is newest). A read in flight that left once the read model had `position`
   * will include it, so it is joined, not cancelled and sent again: at delay 0
   * the push and the command's answer arrive milliseconds apart, and each used
   * to restart the reads the other had just sent. So is a read the server holds
   * for `command`, the command that committed at `position`.
   */
  private refresh(keys: QueryKey[], position: number | undefined, command?: string): void {
    for (const queryKey of keys) {
      for (const query of this.queryClient.getQueryCache().findAll({ queryKey })) {
        // An answer already at or past the position has it (a read held for the command can land before the command's answer).
        const shownPosition = (query.state.data as { projection?: ProjectionStamp } | undefined)?.projection?.position ?? -1;
        if (position !== undefined && query.state.fetchStatus === 'idle' && shownPosition >= position) continue;
        const inFlight = query.state.fetchStatus === 'fetching';
        const leftKnowingIt = position !== undefined && (this.readLeftAt.get(query.queryHash) ?? -1) >= position;
        const heldForIt = command !== undefined && this.readAwaits.get(query.queryHash) === command;
        const inFlightHasIt = inFlight && (leftKnowingIt || heldForIt);
        if (!inFlightHasIt) void this.queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
      }
    }
  }

  /** What the user does with F5, without losing the scope's token: every view reads again. */
  reload(): Promise<void> {
    return this.queryClient.refetchQueries({ type: 'active' });
  }

  trace(id: string) {
    return this.timeline.get().commands.find((c) => c.id === id);
  }

  private stamp(milestone: Milestone, position: number): void {
    const before = this.timeline.get();
    const after = reached(before, milestone, position, now());
    if (after !== before) this.timeline.set(after);
  }

  private count(add: Partial<ScopeCounters>): void {
    const c = this.counters.get();
    this.counters.set({
      requests: c.requests + (add.requests ?? 0),
      socketMessages: c.socketMessages + (add.socketMessages ?? 0),
      heldMs: c.heldMs + (add.heldMs ?? 0),
      primaryReads: c.primaryReads + (add.primaryReads ?? 0),
    });
  }
}
