// Run by the worker: each projector announcement goes to browsers once, through
// the socket.io Redis emitter, split by room so a customer's order changes
// reach only that customer. The web instances' Redis adapter delivers it.
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { ADVANCED_EVENT, routeAnnouncement } from './route-announcement';

export function pushToBrowsers(redis: Redis): (announcement: ProjectionAdvanced) => void {
  const emitter = new Emitter(redis);
  return (announcement) => {
    for (const { room, message } of routeAnnouncement(announcement)) emitter.to(room).emit(ADVANCED_EVENT, message);
  };
}
