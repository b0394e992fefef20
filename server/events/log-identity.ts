// Which event log a position belongs to (db/schema.ts, `log_identity`). It is
// made with the database and never changes while a process runs, so each
// process asks once; a failed ask is forgotten and asked again next time.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DbHandle } from '@/db/client';
import { logIdentity } from '@/db/schema';

const known = new WeakMap<DbHandle, Promise<string>>();

export function readLogIdentity(handle: DbHandle): Promise<string> {
  let id = known.get(handle);
  if (!id) {
    id = handle.db
      .select({ id: logIdentity.id })
      .from(logIdentity)
      .then(([row]) => {
        if (!row) throw new Error('log_identity has no row: the database was not migrated');
        return row.id;
      });
    id.catch(() => known.delete(handle));
    known.set(handle, id);
  }
  return id;
}

/** The log's identity, or undefined if Postgres does not answer within `withinMs`: a page must not wait on it. */
export async function logIdentityOrUnknown(handle: DbHandle, withinMs: number): Promise<string | undefined> {
  const stop = new AbortController();
  const late = sleep(withinMs, undefined, { signal: stop.signal }).catch(() => undefined);
  try {
    return await Promise.race([readLogIdentity(handle), late]);
  } catch {
    return undefined;
  } finally {
    stop.abort();
  }
}
