// Statements of a fixed shape, built with drizzle once per process and then
// only filled with values.
//
// Why: building a statement is most of what drizzle costs. For every insert,
// update or select it walks its SQL chunks, checks each chunk's kind
// (`is()`, by prototype chain) and escapes names: in `npm run bench`
// (scenario 2) about a fifth of the web process's CPU per order, for text
// that is the same every time. drizzle's placeholders keep the schema the
// one source of tables and columns (db/schema.ts) and encode each value as
// its column does (a Date for a timestamp, JSON for jsonb); the text is
// built on first use.
import { is, Param, Placeholder, sql, type Query } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { ParameterOrJSON, PendingQuery, Row } from 'postgres';
import type { Sql } from './client';

/** A drizzle instance with no connection: it builds statements, never sends them. */
const builder = drizzle.mock();
export type Builder = typeof builder;

type Slot = { value: unknown } | { name: string; encode: (value: unknown) => unknown };

/**
 * A statement built once by `build` with `p(name)` where values go, filled
 * per call by `fill(values)`. `build` runs on first use, so a module can
 * declare statements without building anything at import.
 */
export function statement<V extends Record<string, unknown>>(
  build: (db: Builder, p: (name: keyof V & string) => Placeholder) => { toSQL(): Query },
): (values: V) => Query {
  let built: { text: string; slots: Slot[] } | undefined;
  return (values) => {
    built ??= compile(build(builder, (name) => sql.placeholder(name)));
    const params = built.slots.map((slot) => ('value' in slot ? slot.value : slot.encode(values[slot.name])));
    return { sql: built.text, params };
  };
}

/**
 * As `statement`, for a shape that varies with a key (the length of an IN
 * list or of a multi-row insert, which columns an update sets): one statement
 * per key, built on the key's first use. Keys must come from a small set.
 */
export function statementPer<K extends string | number, V extends Record<string, unknown>>(
  build: (db: Builder, p: (name: keyof V & string) => Placeholder, key: K) => { toSQL(): Query },
): (key: K, values: V) => Query {
  const byKey = new Map<K, (values: V) => Query>();
  return (key, values) => {
    let fill = byKey.get(key);
    if (!fill) byKey.set(key, (fill = statement<V>((db, p) => build(db, p, key))));
    return fill(values);
  };
}

function compile(built: { toSQL(): Query }): { text: string; slots: Slot[] } {
  const { sql: text, params } = built.toSQL();
  const slots = params.map((param): Slot => {
    if (is(param, Placeholder)) return { name: param.name, encode: (v) => v };
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      const name = param.value.name;
      return { name, encode: (v) => (encoder ? encoder.mapToDriverValue(v) : v) };
    }
    return { value: param };
  });
  return { text, slots };
}

/** Sends a filled statement on `connection` as a named (prepared) statement: one round trip once prepared. */
export function send<R extends Row = Row>(connection: Sql, query: Query): PendingQuery<R[]> {
  return connection.unsafe<R[]>(query.sql, query.params as ParameterOrJSON<never>[], { prepare: true });
}
