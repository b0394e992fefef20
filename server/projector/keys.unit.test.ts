import { describe, expect, it } from 'vitest';
import { ID_LENGTH, readModelKeys } from './keys';
import { catalogMember, idFromCatalogMember } from './search-words';

describe('read-model key names', () => {
  // The Lua scripts in keys.ts (opening the active namespace) and apply-batch.ts build these names from the namespace themselves.
  it('are the ones the scripts spell out', () => {
    const keys = readModelKeys('rm-x1');
    expect(keys.checkpoint).toBe('rm-x1:checkpoint');
    expect(keys.rebuildingUntil).toBe('rm-x1:rebuilding-until');
  });

  it('keep every key of a namespace under its prefix, so a rebuild can delete one namespace by pattern', () => {
    const keys = readModelKeys('rm');
    const names = [keys.checkpoint, keys.rebuildingUntil, keys.checkpointOccurredAt, keys.book('b'), keys.catalog, keys.catalogWord('ab'), keys.order('o'), keys.customerOrders('c'), keys.bestsellers];
    for (const name of names) expect(name.startsWith('rm:')).toBe(true);
  });

  it("end every index member with the id the documents are found by (the script takes its last ID_LENGTH characters)", () => {
    const id = crypto.randomUUID();
    expect(id).toHaveLength(ID_LENGTH);
    expect(catalogMember('A title\u0000with a NUL', id).slice(-ID_LENGTH)).toBe(idFromCatalogMember(catalogMember('A title', id)));
  });
});
