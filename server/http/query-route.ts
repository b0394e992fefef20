// GET binding for a query: who may ask, what the parameters are, and the two
// ways to answer (read model, primary). The consistency strategy the caller
// chose (`?consistency=...`) decides which one answers.
import type { z } from 'zod';
import type { Tx } from '@/db/tx';
import type { ProjectionStamp, SessionUser } from '@/server/contracts/api';
import { getCurrentUser } from '@/server/auth/current-user';
import { openReadModels } from '@/server/queries/read-model-health';
import { consistencySchema, serveQuery } from '@/server/consistency/serve-query';
import { metrics } from '@/server/observability/metrics';
import { db, redis } from '@/server/context';
import { readFromPrimary } from '@/server/queries/primary/primary-read';
import { readContext, type ReadContext } from '@/server/queries/read-context';
import { fieldErrors } from '@/server/validation';
import { handleErrors } from './handlers';
import { HttpError, json } from './respond';

type Stamped<D> = D & { projection: ProjectionStamp };

interface QueryDefinition<S extends z.ZodType, U, D extends object> {
  /** Query-string and path parameters, parsed together. */
  input: S;
  /** Returns who may ask (throws HttpError otherwise). */
  authorize: (user: SessionUser | null) => U;
  fromReadModel: (ctx: ReadContext, input: z.infer<S>, user: U) => Promise<Stamped<D>>;
  fromPrimary: (tx: Tx, input: z.infer<S>, user: U) => Promise<D>;
}

export const anyone = () => null;

export function customerOnly(user: SessionUser | null): SessionUser {
  if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
  if (user.role !== 'customer') throw new HttpError({ code: 'forbidden', message: 'Only customer accounts have orders.' });
  return user;
}

function parse<S extends z.ZodType>(schema: S, params: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new HttpError({ code: 'validation_failed', message: 'Some query parameters are invalid.', fields: fieldErrors(parsed.error) });
  }
  return parsed.data;
}

export function queryRoute<S extends z.ZodType, U, D extends object>(def: QueryDefinition<S, U, D>) {
  return (request: Request, context: { params: Promise<Record<string, string>> }) =>
    handleErrors(async () => {
      const user = def.authorize(await getCurrentUser());
      const params = { ...Object.fromEntries(new URL(request.url).searchParams), ...(await context.params) };
      const consistency = parse(consistencySchema, params);
      const input = parse(def.input, params);
      const opened = await openReadModels(redis());
      // The context opened above serves the first read; later ones (after a wait) reopen it: a rebuild may have switched namespaces.
      let unused = opened.ctx;
      const current = async () => {
        const ctx = unused ?? (await readContext(redis()));
        unused = null;
        return ctx;
      };
      const fromPrimary = async () => {
        const { data, projection } = await readFromPrimary(db(), (tx) => def.fromPrimary(tx, input, user));
        return { ...data, projection };
      };
      const { state } = opened;
      if (state !== 'ready') {
        metrics().primaryFallbacks.inc({ reason: `read-model-${state}` });
        const answer = await fromPrimary();
        return json({ ...answer, projection: { ...answer.projection, readModel: state } });
      }
      const answer = await serveQuery<Stamped<D>>(consistency, {
        readModelPosition: async () => (await current()).position,
        fromReadModel: async () => def.fromReadModel(await current(), input, user),
        fromPrimary,
      });
      return json(answer);
    });
}
