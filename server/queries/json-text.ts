// A read-model document as Redis holds it: JSON text, already serialized by
// the projector. A query answered over HTTP can send it on as it is instead of
// parsing it into an object only to serialize it again (a catalog page is 24
// of them). Anything else that serializes it gets the same JSON (`toJSON`).
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * `JSON.stringify(answer)`, except that JsonText in the answer's top-level
 * arrays (a page's `items`) is written as it is. Deeper ones still come out
 * right, through `toJSON`.
 */
export function stringifyAnswer(answer: object): string {
  let out = '';
  for (const [key, value] of Object.entries(answer)) {
    if (value === undefined) continue;
    const json = Array.isArray(value) && value.some((v) => v instanceof JsonText) ? `[${value.map((v) => (v instanceof JsonText ? v.text : JSON.stringify(v) ?? 'null')).join(',')}]` : JSON.stringify(value);
    if (json === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${json}`;
  }
  return `{${out}}`;
}
