// Closes every socket of one session, on every web instance (through the
// socket.io Redis adapter's channel, as the worker's announcements go): the
// handshake refuses a revoked session, and this ends the ones already open.
import { Emitter } from '@socket.io/redis-emitter';
import { redis } from '@/server/context';

export const sessionRoom = (sid: string) => `session:${sid}`;

let emitter: Emitter | undefined;

export function disconnectSession(sid: string): void {
  emitter ??= new Emitter(redis());
  emitter.in(sessionRoom(sid)).disconnectSockets(true);
}
