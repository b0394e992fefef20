import type { BestsellersResponse } from '@/server/contracts/api';
import { defineReadModelQuery } from './read-model-query';

export const bestsellersQuery = defineReadModelQuery<void, BestsellersResponse>({
  name: 'bestsellers',
  root: ['bestsellers'],
  key: () => ['bestsellers'],
  path: () => '/api/books/bestsellers',
  keysForTag: (tag) => (tag.kind === 'bestsellers' ? [['bestsellers']] : []),
  describe: (_p, { items }) => ({ view: 'bestsellers', value: items.map((b) => `${b.id.slice(0, 8)} ${b.unitsSold}`).join(', '), items: items.map((b) => b.id) }),
});
