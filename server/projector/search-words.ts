// How catalog search tokenizes: lower-case words of letters and digits. The
// projector indexes every prefix of every word, so typing "tolk" finds Tolkien.
export const MAX_PREFIX = 16;

export function words(text: string): string[] {
  return [...new Set(text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+/gu) ?? [])];
}

export function prefixes(text: string): string[] {
  const out = new Set<string>();
  for (const word of words(text)) {
    for (let n = 1; n <= Math.min(word.length, MAX_PREFIX); n++) out.add(word.slice(0, n));
  }
  return [...out];
}

/** Catalog members sort by title, then id (so equal titles still page stably). */
export function catalogMember(title: string, id: string): string {
  return `${title.toLowerCase()}\u0000${id}`;
}

export function idFromCatalogMember(member: string): string {
  return member.slice(member.lastIndexOf('\u0000') + 1);
}
