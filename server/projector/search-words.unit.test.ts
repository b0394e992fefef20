import { describe, expect, it } from 'vitest';
import { catalogMember, idFromCatalogMember, prefixes, words } from './search-words';

describe('catalog search words', () => {
  it('lower-cases, drops punctuation and accents', () => {
    expect(words('The Clockmaker’s Atlas, Book 2 — Brontë')).toEqual(['the', 'clockmaker', 's', 'atlas', 'book', '2', 'bronte']);
  });

  it('indexes every prefix so partial words match', () => {
    expect(prefixes('Tolkien')).toEqual(['t', 'to', 'tol', 'tolk', 'tolki', 'tolkie', 'tolkien']);
  });

  it('keeps the id recoverable from a catalog member and sorts by title first', () => {
    const member = catalogMember('Zebra', 'id-1');
    expect(idFromCatalogMember(member)).toBe('id-1');
    expect(catalogMember('apple', 'z') < catalogMember('Banana', 'a')).toBe(true);
  });
});
