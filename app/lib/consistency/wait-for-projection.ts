// Strategy: wait for projection (client side).
//
// Reads carry this tab's token; the server holds the answer until the read
// model reaches it (woken by the projector's announcement) or 3 s pass, then
// answers with `stale: true`. See server/consistency/wait-for-projection.ts.
export const WAIT_TIMEOUT_MS = 3000;

export function waitForProjectionParams(token: number): Record<string, string> {
  return { consistency: 'wait', minPosition: String(token), timeoutMs: String(WAIT_TIMEOUT_MS) };
}
