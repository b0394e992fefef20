'use client';

// The scope's socket: open while any of its strategies listens to the
// projector's announcements, closed otherwise. Each push goes to the scope,
// which records it as evidence and hands it to the strategies. Pub/sub does
// not replay: a reconnect, or a push that starts after a position this socket
// never heard of, is a gap, and the strategies are told so.
import { useEffect } from 'react';
import { io } from 'socket.io-client';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { ADVANCED_EVENT } from '@/server/contracts/channels';
import { listensToPushes } from './compose';
import { useStore } from './external-store';
import type { ConsistencyScope } from './scope';

export function useScopeAnnouncements(scope: ConsistencyScope): void {
  const settings = useStore(scope.settings, scope.initialSettings);
  const listening = listensToPushes(settings);

  useEffect(() => {
    if (!listening) {
      scope.live.set('off');
      return;
    }
    scope.live.set('connecting');
    // One socket per scope, never shared: a Lab pane counts exactly its own pushes.
    const socket = io({ transports: ['websocket'], forceNew: true });
    let connectedBefore = false;
    let lastHeard: number | null = null;
    socket.on('connect', () => {
      scope.live.set('live');
      if (connectedBefore) scope.heard(null, true);
      connectedBefore = true;
      lastHeard = null;
    });
    socket.on('disconnect', () => scope.live.set('reconnecting'));
    socket.on(ADVANCED_EVENT, (message: ProjectionAdvanced) => {
      const gap = lastHeard !== null && message.from > lastHeard;
      lastHeard = Math.max(lastHeard ?? 0, message.position);
      scope.heard(message, gap);
    });
    return () => {
      socket.disconnect();
    };
  }, [listening, scope]);
}
