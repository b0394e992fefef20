// Limits the UI shows and the commands enforce: plain numbers, safe to import in the browser.
export const MAX_ORDER_QUANTITY = 100;
