import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-errors';

describe('telling "Postgres is unreachable" from a bug', () => {
  it('knows the driver and server codes for a connection that is gone, also wrapped (drizzle puts the driver error in `cause`)', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('shutdown'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }) }))).toBe(true);
  });

  it('does not excuse real errors: a constraint violation or a plain bug is not "unavailable"', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
