// What a read model is to the projector: the events it handles, the documents
// it reads before applying a batch (so they are fetched together), and how it
// applies one event. The registry (index.ts) dispatches on `handles`, as
// Emmett's projections do with `canHandle`.
import type { EventType, StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';

type Handled<T extends EventType> = Extract<StoredEvent, { type: T }>;

export interface ReadModel {
  name: string;
  handles: readonly EventType[];
  /** The documents applying `event` will read; [] for an event it does not handle. */
  reads(event: StoredEvent, keys: ReadModelKeys): string[];
  /**
   * Applies `event` if it handles it. Synchronous: every document it reads was
   * named by `reads` and loaded before the batch ran (a rebuild applies
   * millions of events, and a promise per event and model is most of the cost).
   */
  apply(event: StoredEvent, w: BatchWriter, keys: ReadModelKeys): void;
}

export function defineReadModel<T extends EventType>(def: {
  name: string;
  handles: readonly T[];
  reads?: (event: Handled<T>, keys: ReadModelKeys) => string[];
  apply: (event: Handled<T>, w: BatchWriter, keys: ReadModelKeys) => void;
}): ReadModel {
  const handled = new Set<EventType>(def.handles);
  const canHandle = (event: StoredEvent): event is Handled<T> => handled.has(event.type);
  return {
    name: def.name,
    handles: def.handles,
    reads: (event, keys) => (canHandle(event) && def.reads ? def.reads(event, keys) : []),
    apply: (event, w, keys) => {
      if (canHandle(event)) def.apply(event, w, keys);
    },
  };
}
