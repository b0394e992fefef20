// The rebuild reads several ranges of the log at once (rebuild.ts, readLog):
// whatever order Postgres answers them in, the fold must get every event once,
// in log order, across gaps in the positions.
import { afterAll, describe, expect, it } from 'vitest';
import { testDb } from '@/server/testing/fixtures';
import { readLog } from './rebuild';
import { readLogHead } from './read-log';

const handle = testDb();

afterAll(async () => {
  await handle.sql.end();
});

describe("the rebuild's read of the log", () => {
  it('yields every event up to the checkpoint once, in order, in ranges read side by side', async () => {
    const upTo = await readLogHead(handle.sql);
    const expected = (await handle.sql<{ position: string }[]>`select position from events where position <= ${upTo} order by position`).map((r) => Number(r.position));
    expect(expected.length).toBeGreaterThan(100);

    // Small ranges, so that many are in flight at once and some are empty where a rolled-back append left a hole.
    const seen: number[] = [];
    for await (const batch of readLog(handle, 0, upTo, 7)) {
      expect(batch.length).toBeGreaterThan(0);
      seen.push(...batch.map((e) => e.position));
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a checkpoint the log does not reach, instead of switching to read models that miss events', async () => {
    const head = await readLogHead(handle.sql);
    const read = async () => {
      for await (const batch of readLog(handle, head - 3, head + 50, 10)) void batch;
    };
    await expect(read()).rejects.toThrow(/the log has nothing between/);
  });
});
