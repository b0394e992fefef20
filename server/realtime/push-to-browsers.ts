// Run by the worker: each projector announcement goes to browsers once, through
// the socket.io Redis emitter, split by room so a customer's order changes
// reach only that customer. The web instances' Redis adapter delivers it.
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { ADVANCED_EVENT } from '@/server/contracts/channels';
import { routeAnnouncement } from './route-announcement';

type Push = (announcement: ProjectionAdvanced) => void;

/** Quiet this long after an announcement, the worker says its position once more. */
export const REPEAT_AFTER_MS = 1000;

export function pushToBrowsers(redis: Redis): Push {
  const emitter = new Emitter(redis);
  return (announcement) => {
    for (const { room, message } of routeAnnouncement(announcement)) emitter.to(room).emit(ADVANCED_EVENT, message);
  };
}

/**
 * Pub/sub loses messages (a dropped push, a socket between reconnects), and a
 * client notices a gap only when the next push arrives. So when the log goes
 * quiet, the last position is said once more, to everyone, with nothing
 * changed (`repeat`): a client that missed the last push learns of it within
 * a second instead of at the next command. `send` may lose pushes (the lab's
 * faults); `sendRepeat` is the plain channel.
 */
export function repeatLastPosition(send: Push, sendRepeat: Push): Push {
  let timer: NodeJS.Timeout | undefined;
  return (announcement) => {
    send(announcement);
    clearTimeout(timer);
    const { position } = announcement;
    timer = setTimeout(() => sendRepeat({ from: position, position, changed: [], repeat: true }), REPEAT_AFTER_MS);
    timer.unref();
  };
}
