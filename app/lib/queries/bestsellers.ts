import type { BestsellersResponse } from '@/server/contracts/api';
import { defineReadModelQuery } from './read-model-query';

export const bestsellersQuery = defineReadModelQuery<void, BestsellersResponse>({
  name: 'bestsellers',
  root: ['bestsellers'],
  key: () => ['bestsellers'],
  path: () => '/api/books/bestsellers',
  keysForTag: (tag) => (tag.kind === 'bestsellers' ? [['bestsellers']] : []),
});
