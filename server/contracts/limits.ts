// Limits the UI shows and the commands enforce: plain numbers, safe to import in the browser.
export const MAX_ORDER_QUANTITY = 100;
/** An idempotency key's longest length: the commands refuse a longer one, and a read may name one (`afterCommand`). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
