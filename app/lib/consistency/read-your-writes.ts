// Strategy: read-your-writes (client side).
//
// The browser only asks: `?consistency=read-your-writes`. The server keeps the
// session's token in a cookie (set by every command) and answers from Postgres
// whenever the read model is behind it. See server/consistency/read-your-writes.ts.
export function readYourWritesParams(): Record<string, string> {
  return { consistency: 'read-your-writes' };
}
