// The one wrapper every command goes through, whether it arrives as a server
// action or as an API request: authenticate, parse, run one transaction that
// writes the aggregate change + its events + the idempotency record, and
// return one result shape. Bindings (app/actions, app/api) stay one-liners.
//
// A command reads and locks what it needs, decides, and returns its writes
// rather than sending them: the wrapper sends them, the event append and
// COMMIT together (db/transaction.ts says why that matters).
import { hash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbHandle } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import { send, statement } from '@/db/statement';
import { transaction, type Transaction } from '@/db/transaction';
import type { ApiError, CommandResult, Role, SessionUser } from '@/server/contracts/api';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@/server/contracts/limits';
import { appendStatement, lastPosition } from '@/server/events/append-events';
import { admittedRoles } from '@/server/lab/demo-mode';
import { consumeCommandFaults } from '@/server/lab/command-faults';
import type { DomainEvent } from '@/server/events/types';
import { translateError } from '@/server/errors';
import { observeCommand } from '@/server/observability/metrics';
import { fieldErrors } from '@/server/validation';
import { recordEvents, type Loaded } from './record-events';

export interface CommandRequest {
  user: SessionUser | null;
  input: unknown;
  /** Same key + same user = the same intent: a retry returns the first result. */
  idempotencyKey?: string | undefined;
}

export interface CommandDeps {
  db: DbHandle;
  now?: () => Date;
  /** The process runs in demo mode: a command's `demoRoles` may run it too (off when omitted). */
  demoMode?: boolean;
  /** The per-user command rate limit (server/auth/rate-limits.ts): a refusal, or null to go on. No limit when omitted. */
  rateLimit?: (user: SessionUser) => Promise<ApiError | null>;
}

export interface Decision<R extends object> {
  /** What the command locked and decided from: its events evolve these (record-events.ts). */
  loaded: Loaded;
  /** What happened, the command's main aggregate's event first: its version is the command's. */
  events: DomainEvent[];
  result: R;
}

interface CommandDefinition<S extends z.ZodType, R extends object> {
  name: string;
  schema: S;
  roles: readonly Role[];
  /** Roles admitted too when the process runs in demo mode (server/lab/demo-mode.ts). */
  demoRoles?: readonly Role[];
  /** Reads and locks through `tx.db`, decides, and returns the events (the wrapper writes them, and the rows they make). */
  execute: (tx: Transaction, input: z.infer<S>, ctx: { user: SessionUser; now: Date }) => Promise<Decision<R>>;
}

export type Command<R extends object> = ((req: CommandRequest, deps: CommandDeps) => Promise<CommandResult<R>>) & {
  /** Whether this user's role may run the command at all (what a page may offer); input and state are still checked when it runs. */
  allows: (user: SessionUser | null, demoMode: boolean) => boolean;
};

const fail = (error: ApiError) => ({ ok: false as const, error });

export function defineCommand<S extends z.ZodType, R extends object>(def: CommandDefinition<S, R>): Command<R> {
  const run = defineUnmetered(def);
  const metered = async (req: CommandRequest, deps: CommandDeps) => {
    const startedAt = performance.now();
    const result = await run(req, deps);
    observeCommand(def.name, result.ok ? 'ok' : result.error.code, startedAt);
    return result;
  };
  const allows = (user: SessionUser | null, demoMode: boolean) => user !== null && admittedRoles(def, demoMode).includes(user.role);
  return Object.assign(metered, { allows });
}

function defineUnmetered<S extends z.ZodType, R extends object>(def: CommandDefinition<S, R>) {
  return async ({ user, input, idempotencyKey }: CommandRequest, { db, now = () => new Date(), demoMode = false, rateLimit }: CommandDeps): Promise<CommandResult<R>> => {
    if (!user) return fail({ code: 'unauthenticated', message: 'Sign in first.' });
    const limited = await rateLimit?.(user);
    if (limited) return fail(limited);
    const roles = admittedRoles(def, demoMode);
    if (!roles.includes(user.role)) {
      return fail({ code: 'forbidden', message: `Only ${roles.join(' or ')} accounts may do this.` });
    }
    const parsed = def.schema.safeParse(input);
    if (!parsed.success) {
      return fail({ code: 'validation_failed', message: 'Some fields are invalid.', fields: fieldErrors(parsed.error) });
    }
    const key = idempotencyKey ?? randomUUID();
    if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
      return fail({ code: 'bad_request', message: `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.` });
    }
    const requestHash = hash('sha256', `${def.name}\n${JSON.stringify(parsed.data)}`);

    try {
      const faults = await consumeCommandFaults(db);
      if (faults.failAfterMs !== null) {
        if (faults.failAfterMs > 0) await new Promise((r) => setTimeout(r, faults.failAfterMs!));
        return fail({
          code: 'lab_failure',
          message: 'The lab made this command fail on purpose ("Fail next command"). Nothing was written.',
        });
      }
      return await transaction(db, async (tx) => {
        // The claim and the command's reads go out together. A replay wins over
        // whatever the command decided now (the stock may have run out since).
        const [claim, decided] = await Promise.allSettled([
          claimIdempotencyKey(tx, user.id, key, def.name, requestHash),
          def.execute(tx, parsed.data, { user, now: now() }),
        ]);
        if (claim.status === 'rejected') throw claim.reason;
        if (claim.value) return claim.value as CommandResult<R>;
        if (decided.status === 'rejected') throw decided.reason;
        const decision = decided.value;
        const { writes, events } = recordEvents(decision.loaded, decision.events);
        const outcome = { ok: true as const, version: events[0]!.aggregateVersion, ...decision.result };
        const appended = await tx.commitWith(writes, appendStatement(tx.sql, events, { userId: user.id, key, result: outcome }), {
          holdMs: faults.holdAppendMs,
        });
        return { ...outcome, position: lastPosition(appended) };
      });
    } catch (error) {
      if (error instanceof IdempotencyKeyReused) {
        return fail({ code: 'idempotency_key_reused', message: error.message });
      }
      return fail(translateError(error, `command ${def.name}`));
    }
  };
}

class IdempotencyKeyReused extends Error {}

/** Built once (db/statement.ts); a replay's read of the stored result is rare and built as it comes. */
const claimKey = statement<{ userId: string; key: string; command: string; requestHash: string }>((db, p) =>
  db
    .insert(idempotencyKeys)
    .values({ userId: p('userId'), key: p('key'), command: p('command'), requestHash: p('requestHash') })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key }),
);

/**
 * Claims the key for this transaction, or returns the stored result of the
 * first run. A concurrent duplicate blocks on the primary key until the first
 * transaction ends: if it committed we replay its result, if it rolled back we
 * proceed as the first.
 */
async function claimIdempotencyKey(
  tx: Transaction,
  userId: string,
  key: string,
  command: string,
  requestHash: string,
): Promise<object | null> {
  const claimed = await send(tx.sql, claimKey({ userId, key, command, requestHash }));
  if (claimed.length > 0) return null;
  const [existing] = await tx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (!existing || existing.result === null) throw new Error('idempotency row vanished or has no result');
  if (existing.requestHash !== requestHash) {
    throw new IdempotencyKeyReused('This Idempotency-Key was already used for a different request.');
  }
  return existing.result as object;
}

