// A read-model answer's documents as Redis holds them: JSON text, already
// serialized by the projector (a catalog page's are joined into one array by
// the script that reads them, server/redis-scripts.ts). A query answered over
// HTTP sends it on as it is instead of parsing it into objects only to
// serialize them again. Anything else that serializes it gets the same JSON
// (`toJSON`). `T` is what the text parses to.
export class JsonText<T = unknown> {
  declare readonly parsesTo?: T;
  constructor(readonly text: string) {}

  toJSON(): T {
    return JSON.parse(this.text) as T;
  }
}

/**
 * `JSON.stringify(answer)`, except that a JsonText at the answer's top level
 * (a page's `items`) is written as it is. Deeper ones still come out right,
 * through `toJSON`.
 */
export function stringifyAnswer(answer: object): string {
  let out = '';
  for (const [key, value] of Object.entries(answer)) {
    const json = value instanceof JsonText ? value.text : (JSON.stringify(value) as string | undefined);
    if (json === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${json}`;
  }
  return `{${out}}`;
}
