// What every strategy file exports: one object with the whole behaviour of
// one way to live with a lagging read model. compose.ts runs the enabled ones
// in one documented order; views never name a strategy.
import type { ProjectionAdvanced, ProjectionStamp } from '@/server/contracts/api';
import type { StrategyKey, StrategySettings } from '../settings';
import type { Change, OptimisticOverlays, Overlay } from './optimistic-updates';

/** What a strategy may look at when one view reads. Times are `performance.now()` milliseconds. */
export interface ReadSituation {
  settings: StrategySettings;
  /** The scope's consistency token: the highest position its own commands committed at (0: none yet). */
  token: number;
  /** When the command that set the token was acknowledged. */
  tokenAt?: number;
  /** The idempotency key of this scope's latest command that affects this view, sent and not answered yet. */
  commandInFlight?: string;
  /** What the view holds now, if anything. */
  served?: ProjectionStamp;
  /** The view is fetching right now, and since when. */
  fetching: boolean;
  fetchingSince?: number;
  /** Answers this view got behind the current token since it was set (polling's attempt count). */
  attemptsBehind: number;
  /** The highest token this view already waited for in vain (a `stale` answer). */
  waitTimedOutFor: number;
  /** The highest read-model position this scope has evidence of: a push, or any read-model answer. */
  readModelAt: number;
  /** Optimistic changes of this scope, with the position each committed at once acknowledged. */
  overlays: Overlay[];
  now: number;
}

/** A view with nothing going on, at time 0, as `settings` would read it: `s` says what differs. */
export function situationOf(settings: StrategySettings, s: Partial<ReadSituation> = {}): ReadSituation {
  return { settings, token: 0, fetching: false, waitTimedOutFor: 0, attemptsBehind: 0, readModelAt: 0, overlays: [], now: 0, ...s };
}

export type NoteKind = 'pending' | 'stale' | 'primary' | 'behind' | 'fresh';

/** A line for the view's freshness badge. The highest `rank` among the enabled strategies' notes is shown. */
export interface FreshnessNote {
  kind: NoteKind;
  text: string;
  rank: number;
}

/** What a strategy adds to one read. */
export interface ReadPart {
  /** Query parameters for the server's read mode. The server does one thing per read: the first strategy in compose.ts's order that asks wins. */
  params?: Record<string, string>;
  /** Refetch every this many ms while set (the smallest wins). */
  pollMs?: number;
  /** Evidence says a newer answer exists: refetch now. */
  refetch?: boolean;
  note?: FreshnessNote;
  /** This part changes by itself at this time (a give-up point): the view re-renders then. */
  recheckAt?: number;
}

/** What a scope lets a strategy do when a push arrives. */
export interface AnnouncementTarget {
  invalidateTags(changed: string[]): void;
  invalidateAll(): void;
}

/** What a strategy may touch when its scope runs a command. */
export interface CommandContext {
  /** Stable across a reload: a resumed command is the same command. */
  id: string;
  label: string;
  /** The command's expected effect, if it has a model of one. */
  changes?: Change[];
  overlays: OptimisticOverlays;
}

/** The strategy's part of one command, told the answer once it is in. */
export interface CommandPart {
  committed(position: number): void;
  refused(message: string): void;
}

export interface Strategy {
  key: StrategyKey;
  label: string;
  /** What it promises, what it costs, when to pick it: shown in Settings and the Lab. */
  guarantee: string;
  cost: string;
  pickWhen: string;
  /** Brings the screen up to date without the user reloading. */
  refreshesItself: boolean;
  /** Listens to the scope's socket (the projector's announcements). */
  listens?: boolean;
  read?(situation: ReadSituation): ReadPart;
  /** Before a command of this scope is sent (the token is the scope's own business: every strategy reads it). */
  onCommand?(command: CommandContext): CommandPart | undefined;
  /**
   * A push, after the scope has recorded its position as evidence. `gap`: pushes
   * were missed (the socket reconnected, or this one starts after a position
   * never heard of); `message` is null for a reconnect.
   */
  onAnnouncement?(message: ProjectionAdvanced | null, target: AnnouncementTarget, gap: boolean): void;
}
