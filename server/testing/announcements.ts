// A socket.io client as a browser would open it, recording every projector
// announcement it hears. Closed by closeListeners() after each test.
import { io, type Socket } from 'socket.io-client';
import { ADVANCED_EVENT } from '@/server/contracts/channels';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import type { ApiClient } from './api-client';

const open: Socket[] = [];

/** Connects to `url` (as `client`, when given: its cookies) and resolves once connected, with the list it fills. */
export async function listenForAnnouncements(url: string, client?: Pick<ApiClient, 'cookieHeader'>): Promise<ProjectionAdvanced[]> {
  const socket = io(url, { transports: ['websocket'], extraHeaders: client ? { cookie: client.cookieHeader() } : {}, reconnection: false });
  open.push(socket);
  const heard: ProjectionAdvanced[] = [];
  socket.on(ADVANCED_EVENT, (m: ProjectionAdvanced) => heard.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return heard;
}

export function closeListeners(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}
