import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText, stringifyAnswer } from './json-text';

// An answer whose top-level arrays may hold documents: as objects, and as the text Redis holds.
const answers = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())), { maxKeys: 6 });
const asText = (answer: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, Array.isArray(v) ? v.map((d) => (d !== null && typeof d === 'object' ? new JsonText(JSON.stringify(d)) : d)) : v]));

describe('stringifyAnswer', () => {
  it('writes the same JSON as JSON.stringify of the parsed documents, byte for byte', () => {
    fc.assert(
      fc.property(answers, (answer) => {
        expect(stringifyAnswer(asText(answer))).toBe(JSON.stringify(answer));
      }),
    );
  });

  it('sends a document on as Redis holds it, and one nested deeper as the same JSON', () => {
    const doc = '{"id":"b1","title":"Dune","stock":3}';
    expect(stringifyAnswer({ items: [new JsonText(doc)], nextCursor: null })).toBe(`{"items":[${doc}],"nextCursor":null}`);
    expect(JSON.parse(stringifyAnswer({ page: { items: [new JsonText(doc)] } }))).toEqual({ page: { items: [JSON.parse(doc)] } });
  });
});
