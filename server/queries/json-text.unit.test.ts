import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText, stringifyAnswer } from './json-text';

// An answer whose top-level values may be documents: as objects, and as the text Redis holds.
const answers = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())), { maxKeys: 6 });
const asText = (answer: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, v !== null && typeof v === 'object' ? new JsonText(JSON.stringify(v)) : v]));

describe('stringifyAnswer', () => {
  it('writes the same JSON as JSON.stringify of the parsed documents, byte for byte', () => {
    fc.assert(
      fc.property(answers, (answer) => {
        expect(stringifyAnswer(asText(answer))).toBe(JSON.stringify(answer));
      }),
    );
  });

  it('sends a page of documents on as Redis joined them, and one nested deeper as the same JSON', () => {
    const books = '[{"id":"b1","title":"Dune","stock":3}]';
    expect(stringifyAnswer({ items: new JsonText(books), nextCursor: null })).toBe(`{"items":${books},"nextCursor":null}`);
    expect(JSON.parse(stringifyAnswer({ page: { items: new JsonText(books) } }))).toEqual({ page: { items: JSON.parse(books) } });
  });
});
