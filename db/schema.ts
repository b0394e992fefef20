// The single source of the write side's tables and their types.
// Only command handlers write these tables; read models live in Redis.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['customer', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
});

export const books = pgTable(
  'books',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    author: text('author').notNull(),
    priceCents: integer('price_cents').notNull(),
    stock: integer('stock').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    // The last line of defence against overselling: even a buggy handler cannot commit negative stock.
    check('books_stock_non_negative', sql`${t.stock} >= 0`),
    check('books_price_positive', sql`${t.priceCents} > 0`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['placed', 'cancelled'] }).notNull(),
    totalCents: integer('total_cents').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date' }).notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('orders_customer_placed_idx').on(t.customerId, t.placedAt)],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    bookId: uuid('book_id')
      .notNull()
      .references(() => books.id),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    priceCents: integer('price_cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.bookId] })],
);

// The event log. `position` is taken only while holding the append lock (see
// server/events/append-events.ts and docs/decisions/001-gap-free-event-log.md),
// so positions become visible in increasing order and a reader never skips one.
export const events = pgTable(
  'events',
  {
    position: bigint('position', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: uuid('aggregate_id').notNull(),
    aggregateVersion: integer('aggregate_version').notNull(),
    payload: jsonb('payload').notNull(),
    // clock_timestamp(), not now(): now() is the transaction's start, which would overstate the lag.
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index('events_aggregate_idx').on(t.aggregateId, t.aggregateVersion)],
);

// Which event log this is, one row made with the database. A position means
// something only within one log: a database made again from scratch (README:
// "delete .data/ to start over") counts from 1 again, and a browser that kept
// a token or a pending change from the old one must not hold it against the
// new one (app/lib/consistency/browser-session.ts).
export const logIdentity = pgTable(
  'log_identity',
  {
    one: boolean('one').primaryKey().default(true),
    id: uuid('id').notNull().defaultRandom(),
  },
  (t) => [check('log_identity_one_row', sql`${t.one}`)],
);

// A retried command (same user + key) returns the stored result instead of running again.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    command: text('command').notNull(),
    requestHash: text('request_hash').notNull(),
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

// Signed-out sessions (server/auth/session.ts). Redis holds the copy every
// request checks; this one outlives a Redis that restarts empty. A row is
// needed only until the seal it names would have expired anyway.
export const revokedSessions = pgTable('revoked_sessions', {
  sid: uuid('sid').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

// Operator knobs for the demo. One row, id = 1.
export const labSettings = pgTable(
  'lab_settings',
  {
    id: integer('id').primaryKey(),
    delayMs: integer('delay_ms').notNull(),
    paused: boolean('paused').notNull(),
    failNextCommand: boolean('fail_next_command').notNull(),
    // Faults (server/lab/): the delay's spread, how long a lab failure takes,
    // how many pushes to drop, send twice or swap, and how long the next
    // command holds the append lock. Counts are used up as they fire.
    jitterMs: integer('jitter_ms').notNull().default(0),
    failAfterMs: integer('fail_after_ms').notNull().default(0),
    dropPushes: integer('drop_pushes').notNull().default(0),
    duplicatePushes: integer('duplicate_pushes').notNull().default(0),
    reorderPushes: integer('reorder_pushes').notNull().default(0),
    holdNextAppendMs: integer('hold_next_append_ms').notNull().default(0),
  },
  (t) => [check('lab_settings_single_row', sql`${t.id} = 1`)],
);

export type User = typeof users.$inferSelect;
export type Book = typeof books.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type LabSettings = typeof labSettings.$inferSelect;
