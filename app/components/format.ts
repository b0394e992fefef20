export const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Cents from a "12.34" dollar string, or null when it is not a price. */
export function parseDollars(text: string): number | null {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return null;
  return Math.round(Number(text) * 100);
}
