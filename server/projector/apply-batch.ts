// Applies a batch of events to every read model and moves the checkpoint, all
// or nothing, in one Lua script that first checks the checkpoint is still the
// one the batch follows. If anything else moved it (a second worker, a restart
// racing us), the script writes nothing: an event is never applied twice. The
// live projector also has the script check the active-namespace pointer, so
// once a rebuild has switched namespaces the old one is frozen: a reader that
// resolved the old namespace just before the switch can never see it move
// past the new.
//
// Why a script and not WATCH/MULTI: the same guarantee in one round trip
// instead of two (WATCH and the check's reads, then EXEC), and the projection
// lag is mostly round trips (npm run bench, scenario 1).
import type { Redis } from 'ioredis';
import { defineScripts } from '@/server/redis-scripts';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import type { Tag } from '@/server/contracts/tags';
import type { StoredEvent } from '@/server/events/types';
import { BatchWriter, loadDocuments, type RedisCommand } from './batch-writer';
import type { DocumentCache } from './document-cache';
import { ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE, type ReadModelKeys } from './keys';
import { applyEvent, readsOf } from './read-models';

export type BatchOutcome =
  | { applied: true; position: number; count: number; occurredAt: number; changed: Tag[]; announcement: ProjectionAdvanced }
  | { applied: false; reason: 'checkpoint-moved' | 'namespace-switched' };

export interface ApplyOptions {
  /** Passed when starting from an empty store: if the log goes beyond this batch, the store is marked as rebuilding until it reaches it. */
  logHead?: number;
  /** The live projector: refuse to write unless `keys` is the active namespace (a rebuild may have switched it). */
  mustBeActive?: boolean;
  /** Publish the announcement on this channel in the same script: visible and announced at once. */
  announceOn?: string;
  /** The projector's documents from its last batch: read from here instead of Redis while they are current. */
  documents?: DocumentCache;
}

type ScriptedRedis = Redis & { bookstoreApplyBatch(...args: string[]): Promise<string> };

function scripted(redis: Redis): ScriptedRedis {
  defineScripts(redis); // a connection made elsewhere (auto-pipelining off by default, so defining it now is safe)
  return redis as ScriptedRedis;
}

/**
 * One round trip when the documents the batch reads are in `documents`, two
 * otherwise (their MGET first). `redis` must not be in a MULTI.
 */
export async function applyBatch(
  redis: Redis,
  keys: ReadModelKeys,
  expectedCheckpoint: number,
  batch: readonly StoredEvent[],
  options: ApplyOptions = {},
): Promise<BatchOutcome> {
  const last = batch.at(-1);
  if (!last) throw new Error('applyBatch needs at least one event');
  const documents = options.documents;
  const cache = documents?.describes(keys, expectedCheckpoint) ? documents : undefined;
  try {
    const writer = new BatchWriter();
    const needed = [...new Set(batch.flatMap((event) => readsOf(event, keys)))];
    const cached = new Map<string, string>();
    for (const key of needed) {
      const raw = cache?.get(key);
      if (raw !== undefined) cached.set(key, raw);
    }
    writer.preload(cached);
    // The rest, read without a lock: if anyone writes them meanwhile, they move the checkpoint too, and the script refuses.
    await loadDocuments(redis, writer, needed);
    for (const event of batch) applyEvent(event, writer, keys);
    const changed = [...writer.changed];
    const { commands, written } = writer.writes();
    commands.push(...checkpointWrites(keys, last));
    const announcement: ProjectionAdvanced = {
      from: expectedCheckpoint,
      position: last.position,
      applied: batch.length,
      occurredAt: last.occurredAt.getTime(),
      changed,
    };
    const result = await scripted(redis).bookstoreApplyBatch(
      keys.checkpoint,
      ACTIVE_NAMESPACE_KEY,
      keys.rebuildingUntil,
      String(expectedCheckpoint),
      options.mustBeActive ? keys.namespace : '',
      DEFAULT_NAMESPACE,
      options.logHead === undefined ? '' : String(options.logHead),
      String(last.position),
      options.announceOn ?? '',
      JSON.stringify(announcement),
      JSON.stringify(commands),
    );
    if (result !== 'applied') {
      documents?.clear();
      return { applied: false, reason: result === 'namespace-switched' ? 'namespace-switched' : 'checkpoint-moved' };
    }
    documents?.advance(keys, last.position, written);
    return { applied: true, position: last.position, count: batch.length, occurredAt: announcement.occurredAt!, changed, announcement };
  } catch (error) {
    documents?.clear();
    throw error;
  }
}

/** The checkpoint's writes after `last`, the batch's last event: they go with the batch's own writes. */
export function checkpointWrites(keys: ReadModelKeys, last: StoredEvent): RedisCommand[] {
  return [
    ['set', keys.checkpoint, String(last.position)],
    ['set', keys.checkpointOccurredAt, String(last.occurredAt.getTime())],
  ];
}
