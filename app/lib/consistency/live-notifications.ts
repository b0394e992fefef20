'use client';

// Strategy: live notifications (client side).
//
// The worker announces each advance on Redis pub/sub; the web server pushes it
// over socket.io to the rooms allowed to see it. Here each changed tag becomes
// exactly the react-query keys that show that data, and only those refetch.
// Pub/sub does not replay what was missed: after a reconnect, or when a push
// starts after a position we never heard of (the server lost its Redis
// subscription for a while), every active query refetches at once.
'use client';

import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { notificationReached } from './sync-timeline';

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

/** `catalog`, `book:<id>`, `bestsellers`, `orders:<me>`, `orders:<me>:<orderId>` -> query keys. */
export function keysForTag(tag: string): QueryKey[] {
  const [kind, a, b] = tag.split(':');
  if (kind === 'catalog') return [['books']];
  if (kind === 'book' && a) return [['book', a]];
  if (kind === 'bestsellers') return [['bestsellers']];
  if (kind === 'orders' && b) return [['order', b]];
  if (kind === 'orders') return [['orders']];
  return [];
}

function invalidate(client: QueryClient, message: ProjectionAdvanced) {
  const keys = message.changed.flatMap(keysForTag);
  for (const queryKey of keys) void client.invalidateQueries({ queryKey });
  void client.invalidateQueries({ queryKey: ['projection'] });
}

export function useLiveNotifications(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('off');

  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    setState('connecting');
    const socket = io({ transports: ['websocket'] });
    let connectedBefore = false;
    let lastHeard: number | null = null;
    socket.on('connect', () => {
      setState('live');
      if (connectedBefore) void client.invalidateQueries();
      connectedBefore = true;
      lastHeard = null;
    });
    socket.on('disconnect', () => setState('reconnecting'));
    socket.on('projection:advanced', (message: ProjectionAdvanced) => {
      notificationReached(message.position);
      if (lastHeard !== null && message.from > lastHeard) void client.invalidateQueries();
      else invalidate(client, message);
      lastHeard = Math.max(lastHeard ?? 0, message.position);
    });
    return () => {
      socket.disconnect();
    };
  }, [enabled, client]);

  return state;
}
