// socket.io on the web server's HTTP server. The handshake is authenticated
// with the session cookie; a socket joins only the rooms its user may see.
import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server } from 'socket.io';
import { SESSION_COOKIE, userFromSealedCookie } from '@/server/auth/session';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { log } from '@/server/log';
import { metrics, observeAnnouncement } from '@/server/observability/metrics';
import { ADVANCED_CHANNEL } from '@/server/projector/keys';
import { connectRedis } from '@/server/redis';
import { CATALOG_ROOM, routeAnnouncement, userRoom } from './route-announcement';

export const ADVANCED_EVENT = 'projection:advanced';

export async function attachRealtime(httpServer: HttpServer, redisUrl: string): Promise<{ close(): Promise<void> }> {
  // Leave other upgrade requests (Next's dev HMR) to their own handler.
  const io = new Server(httpServer, { serveClient: false, destroyUpgrade: false });

  io.use(async (socket, next) => {
    try {
      const cookies = parseCookie(socket.handshake.headers.cookie ?? '');
      socket.data.user = await userFromSealedCookie(cookies[SESSION_COOKIE]);
      next();
    } catch {
      // A tampered or expired cookie gets an anonymous socket, as an HTTP request would.
      socket.data.user = null;
      next();
    }
  });

  io.on('connection', (socket) => {
    metrics().sockets.inc();
    socket.on('disconnect', () => metrics().sockets.dec());
    void socket.join(CATALOG_ROOM);
    const user = socket.data.user as { id: string; role: string } | null;
    if (user) void socket.join(userRoom(user.id));
    if (user?.role === 'admin') void socket.join('admins');
  });

  const subscriber = connectRedis(redisUrl);
  await subscriber.subscribe(ADVANCED_CHANNEL);
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const announcement = JSON.parse(raw) as ProjectionAdvanced;
      observeAnnouncement(announcement);
      for (const { room, message } of routeAnnouncement(announcement)) {
        io.to(room).emit(ADVANCED_EVENT, message);
      }
    } catch (error) {
      log.error('realtime.bad_announcement', { error: String(error) });
    }
  });

  return {
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      subscriber.disconnect();
    },
  };
}
