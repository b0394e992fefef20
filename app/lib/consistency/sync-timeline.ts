// What happened to this tab's last commands, and the consistency token: the
// highest position any of them committed at. Each command's life: submitted,
// committed (position), projected (read model reached it), notified (socket
// push), shown (a view rendered data at or after it).
import { createStore, useStore } from './external-store';

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
  shownAt?: number;
}

interface TimelineState {
  token: number;
  commands: CommandTrace[];
}

export const timelineStore = createStore<TimelineState>({ token: 0, commands: [] });
const KEEP = 6;

function update(id: string, change: (c: CommandTrace) => CommandTrace) {
  timelineStore.set((s) => ({ ...s, commands: s.commands.map((c) => (c.id === id ? change(c) : c)) }));
}

export function commandSubmitted(label: string): string {
  const id = crypto.randomUUID();
  timelineStore.set((s) => ({ ...s, commands: [{ id, label, submittedAt: Date.now() }, ...s.commands].slice(0, KEEP) }));
  return id;
}

export function commandCommitted(id: string, position: number): void {
  update(id, (c) => ({ ...c, committedAt: Date.now(), position }));
  timelineStore.set((s) => ({ ...s, token: Math.max(s.token, position) }));
}

export function commandFailed(id: string, error: string): void {
  update(id, (c) => ({ ...c, failedAt: Date.now(), error }));
}

/** Stamps `field` on every command at or below `position` that lacks it. */
function reached(field: 'projectedAt' | 'notifiedAt' | 'shownAt', position: number) {
  const now = Date.now();
  const { commands } = timelineStore.get();
  if (!commands.some((c) => c.position !== undefined && c.position <= position && c[field] === undefined)) return;
  timelineStore.set((s) => ({
    ...s,
    commands: s.commands.map((c) => (c.position !== undefined && c.position <= position && c[field] === undefined ? { ...c, [field]: now } : c)),
  }));
}

/** Evidence that the read model has `position`: a view served from it, the header's status poll, or a push. */
export const readModelReached = (position: number) => reached('projectedAt', position);
export function notificationReached(position: number): void {
  // The projector announces only after its batch is written: a push is also proof of projection.
  readModelReached(position);
  reached('notifiedAt', position);
}
export const screenReached = (position: number) => reached('shownAt', position);

export function useTimeline(): TimelineState {
  return useStore(timelineStore);
}

export const currentToken = () => timelineStore.get().token;
