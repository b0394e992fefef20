import type { HeaderLookup } from './check-origin';
import { HttpError } from './respond';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a hard size cap; refuses other content types and
 * malformed JSON. `chunks` is the body as it arrives: a Fetch request's
 * stream, or a Node request (command-api.ts).
 */
export async function readJsonBody(headers: HeaderLookup, chunks: AsyncIterable<Uint8Array> | null): Promise<unknown> {
  const type = headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError({ code: 'bad_request', message: 'Send a JSON body with Content-Type: application/json.' });
  }
  const declared = Number(headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  // Content-Length can be absent (chunked) or lie: count while reading. Leaving
  // the loop early cancels the body; the server discards the rest.
  const received: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks ?? []) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    received.push(chunk);
  }
  const text = Buffer.concat(received).toString('utf8');
  if (text.trim() === '') throw new HttpError({ code: 'bad_request', message: 'The request body is empty; send a JSON object.' });
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError({ code: 'bad_request', message: 'The request body is not valid JSON.' });
  }
}

function tooLarge() {
  return new HttpError({ code: 'payload_too_large', message: `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.` });
}
