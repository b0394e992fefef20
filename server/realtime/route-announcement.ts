// Splits one projector announcement into what each room may see: public
// changes for everyone, a customer's order changes for that customer only.
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { parseTag, type Tag } from '@/server/contracts/tags';

export const CATALOG_ROOM = 'catalog';
export const userRoom = (userId: string) => `user:${userId}`;

export function routeAnnouncement(message: ProjectionAdvanced): { room: string; message: ProjectionAdvanced }[] {
  const publicTags: Tag[] = [];
  const privateTags = new Map<string, Tag[]>();
  for (const tag of message.changed) {
    const parsed = parseTag(tag);
    // Not a tag we know: nobody can say who may see it, so nobody hears it.
    if (!parsed) continue;
    if (parsed.kind === 'orders' || parsed.kind === 'order') {
      const tags = privateTags.get(parsed.customerId) ?? [];
      tags.push(tag);
      privateTags.set(parsed.customerId, tags);
    } else {
      publicTags.push(tag);
    }
  }
  const repeat = message.repeat ? { repeat: true } : {};
  // Everyone hears the new position, even when nothing they can see changed: freshness badges need it.
  return [
    // Counts and timings stay on the server: browsers get positions and tags.
    { room: CATALOG_ROOM, message: { from: message.from, position: message.position, changed: publicTags, ...repeat } },
    ...[...privateTags].map(([owner, changed]) => ({ room: userRoom(owner), message: { from: message.from, position: message.position, changed } })),
  ];
}
