// Names two processes must agree on (the worker and the web, the web and the
// browser), written once. Browser-safe.

/** Redis pub/sub: the projector announces each applied batch here (worker -> web processes' waiters). */
export const ADVANCED_CHANNEL = 'projection:advanced';

/** socket.io: the event browsers receive with each announcement, split by room (server/realtime/route-announcement.ts). */
export const ADVANCED_EVENT = 'projection:advanced';
