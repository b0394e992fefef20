// What happened to a scope's last commands, and its consistency token: the
// highest position any of them committed at. Each command's life: submitted,
// acknowledged (committed at a position), projected (evidence that the read
// model has it: a push or a read-model answer at or past it), notified (a push
// at or past it), fetched (an answer at or past it, from anywhere), shown (a
// view rendered data at or past it). Times are performance.now() milliseconds.
// Pure: the scope keeps the state in a store and applies these.

export interface CommandTrace {
  id: string;
  label: string;
  submittedAt: number;
  committedAt?: number;
  position?: number;
  failedAt?: number;
  error?: string;
  projectedAt?: number;
  notifiedAt?: number;
  fetchedAt?: number;
  shownAt?: number;
}

export interface TimelineState {
  token: number;
  /** When the command that set the token was acknowledged. */
  tokenAt?: number;
  commands: CommandTrace[];
}

export type Milestone = 'projectedAt' | 'notifiedAt' | 'fetchedAt' | 'shownAt';

export const EMPTY_TIMELINE: TimelineState = { token: 0, commands: [] };
const KEEP = 30;

const update = (s: TimelineState, id: string, change: (c: CommandTrace) => CommandTrace): TimelineState => ({
  ...s,
  commands: s.commands.map((c) => (c.id === id ? change(c) : c)),
});

export const submitted = (s: TimelineState, trace: CommandTrace): TimelineState => ({ ...s, commands: [trace, ...s.commands].slice(0, KEEP) });

export function committed(s: TimelineState, id: string, position: number, at: number): TimelineState {
  const next = update(s, id, (c) => ({ ...c, committedAt: at, position }));
  return position > s.token ? { ...next, token: position, tokenAt: at } : next;
}

export const failed = (s: TimelineState, id: string, error: string, at: number): TimelineState =>
  update(s, id, (c) => ({ ...c, failedAt: at, error }));

/** Stamps `milestone` on every committed command at or below `position` that lacks it; the same state when none does. */
export function reached(s: TimelineState, milestone: Milestone, position: number, at: number): TimelineState {
  const due = (c: CommandTrace) => c.position !== undefined && c.position <= position && c[milestone] === undefined;
  if (!s.commands.some(due)) return s;
  return { ...s, commands: s.commands.map((c) => (due(c) ? { ...c, [milestone]: at } : c)) };
}

/** Another tab of this browser (or this tab before a reload) committed up to `position`: the token is the browser's. */
export const raiseToken = (s: TimelineState, position: number, at: number): TimelineState => (position > s.token ? { ...s, token: position, tokenAt: at } : s);
