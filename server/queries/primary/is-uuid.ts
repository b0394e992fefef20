import { z } from 'zod';

const uuid = z.uuid();

/** A path id that is not a UUID names nothing; checked before Postgres would reject the cast. */
export const isUuid = (id: string) => uuid.safeParse(id).success;
