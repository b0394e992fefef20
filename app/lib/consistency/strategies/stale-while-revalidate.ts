// Strategy: stale-while-revalidate.
//
// Guarantee: a view never blanks or waits: it shows what it has at once and,
// as soon as it learns the read model has moved past it, refetches in the
// background, marked "refreshing" meanwhile. Cost: what you see may be old
// for one round trip after the read model moved (the badge says so); it
// learns by position, not by what changed, so every older view refetches on
// every advance.
// Pick it when: instant screens matter more than exactness and slightly old
// data is harmless (catalogs, dashboards).
//
// It learns the read model's position from pushes (it listens to the scope's
// socket) and from the position in any answer any view of the scope got.
import type { Strategy } from './strategy';

export const staleWhileRevalidate: Strategy = {
  key: 'staleWhileRevalidate',
  label: 'Stale-while-revalidate',
  guarantee: 'Views show what they have at once and refresh in the background when the read model moves past them.',
  cost: 'Old data for one round trip after each advance; every older view refetches, changed or not.',
  pickWhen: 'Instant screens matter more than exactness (catalogs, dashboards).',
  refreshesItself: true,
  listens: true,
  read(s) {
    if (!s.served) return {};
    const newer = s.readModelAt > s.served.position;
    if (s.fetching) return { note: { kind: 'behind', rank: 20, text: `refreshing (showing ${s.served.position})` } };
    if (newer) return { refetch: true, note: { kind: 'behind', rank: 20, text: `newer data at ${s.readModelAt}, refreshing` } };
    return {};
  },
};
