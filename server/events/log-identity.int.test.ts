// The event log names itself once, with the database: a browser compares this
// name before it holds a kept token or guess against the log (browser-session.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { testDb } from '@/server/testing/fixtures';
import { readLogIdentity } from './log-identity';

const handle = testDb(1);
afterAll(() => handle.sql.end({ timeout: 1 }));

describe('the log identity', () => {
  it('is one row made by the migration, the same on every ask', async () => {
    const id = await readLogIdentity(handle);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readLogIdentity(handle)).toBe(id);
    const rows = await handle.sql<{ id: string }[]>`select id from log_identity`;
    expect(rows.map((r) => r.id)).toEqual([id]);
  });

  it('cannot get a second row: one database, one log', async () => {
    await expect(handle.sql`insert into log_identity (one) values (false)`).rejects.toThrow(/log_identity_one_row/);
    await expect(handle.sql`insert into log_identity default values`).rejects.toThrow(/duplicate key/);
  });
});
