// Strategy: live notifications.
//
// Guarantee: everyone's changes arrive by push, and exactly the views whose
// data changed refetch, from the read model, right after it has the change.
// Cost: a socket per scope (per tab), and still the projection lag plus one
// push; the server must route each change only to who may see it.
// Pick it when: several people change the same data and screens must follow
// without polling.
//
// The worker announces each advance; socket.io pushes it to the rooms allowed
// to see it (server/realtime/). Each changed tag becomes exactly the query keys
// that the read-model queries say it touches (app/lib/queries/read-models.ts).
// Pub/sub does not replay what was missed: after a reconnect, or when a push
// starts after a position we never heard of, every view refetches at once.
import type { Strategy } from './strategy';

export const liveNotifications: Strategy = {
  key: 'liveNotifications',
  label: 'Live notifications',
  guarantee: "Everyone's changes arrive by push: exactly the views whose data changed refetch.",
  cost: 'A socket per tab, and still the projection lag plus one push.',
  pickWhen: 'Several people change the same data and screens must follow without polling.',
  refreshesItself: true,
  listens: true,
  onAnnouncement(message, target, gap) {
    if (gap || !message) target.invalidateAll();
    else target.invalidateTags(message.changed);
  },
};
