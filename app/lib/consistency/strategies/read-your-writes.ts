// Strategy: read-your-writes.
//
// Guarantee: you see your own changes on the next read, and never an older
// view after a newer one (monotonic reads), on every page of this browser.
// Cost: whenever the read model is behind what this browser wrote or saw, the
// read is answered from Postgres (the write side) instead of Redis; those
// answers say "from primary". It does not refresh a screen by itself.
// Pick it when: a user must see what they just did on the very next page
// (a checkout, a settings save), and the write side can take those reads.
//
// The browser only asks `?consistency=read-your-writes`: the server keeps the
// browser's token (server/consistency/read-your-writes.ts), so it holds across
// pages, tabs and reloads, and a Lab pane shares it with the other panes (the
// one thing scopes share is the server session).
//
// With wait for projection: wait goes first. When a wait times out, this
// strategy asks again at once, and the server answers from Postgres.
import type { Strategy } from './strategy';

export const readYourWrites: Strategy = {
  key: 'readYourWrites',
  label: 'Read-your-writes',
  guarantee: 'You see your own changes at once and never an older view after a newer one.',
  cost: 'Reads behind your last write go to Postgres (the write side) instead of Redis.',
  pickWhen: 'The next page must show what the user just did, and the primary can take those reads.',
  refreshesItself: false,
  read(s) {
    const timedOut = s.served?.stale === true && s.waitTimedOutFor >= s.token && s.token > 0;
    // Between the answer and the read that has it, the old data must not pass for current.
    const readingYourWrite = s.fetching && s.served !== undefined && s.token > s.served.position;
    return {
      params: { consistency: 'read-your-writes' },
      refetch: timedOut && !s.fetching,
      note: readingYourWrite
        ? { kind: 'pending', rank: 45, text: `reading your write at position ${s.token}…` }
        : s.served?.source === 'primary' && !s.served.readModel
          ? { kind: 'primary', rank: 40, text: `served from primary at position ${s.served.position} (the read model was behind your writes)` }
          : undefined,
    };
  },
};
