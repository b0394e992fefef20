// What a committing append announces on EVENTS_CHANNEL (see append-events.ts).
//
// The notice carries the transaction's events themselves when they fit, so
// the projector can apply them without reading them back from the log: one
// Postgres round trip less between commit and visible. It stays a hint: the
// projector uses the events only when they follow its checkpoint with no gap,
// and reads the log otherwise (server/projector/projector.ts).
//
// Postgres refuses NOTIFY payloads from 8000 bytes up; over NOTICE_MAX_BYTES
// the notice names only the head position.
import { storedEvent, type EventRow } from './stored-event';
import type { StoredEvent } from './types';

export const NOTICE_MAX_BYTES = 7900;

export interface AppendedNotice {
  /** The last position the transaction appended. */
  head: number;
  /** All of the transaction's events, in position order, when they fitted in the notice. */
  events?: StoredEvent[];
}

/** Reads a notice; other writers (bench setup, older versions) send the bare head position. */
export function parseAppendedNotice(payload: string): AppendedNotice | null {
  try {
    const parsed = JSON.parse(payload) as number | { head: number; events?: EventRow[] | null };
    if (typeof parsed === 'number') return Number.isSafeInteger(parsed) ? { head: parsed } : null;
    const head = Number(parsed.head);
    if (!Number.isSafeInteger(head)) return null;
    return parsed.events ? { head, events: parsed.events.map(storedEvent) } : { head };
  } catch {
    return null;
  }
}
