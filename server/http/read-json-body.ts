import { HttpError } from './respond';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body with a hard size cap; refuses other content types and malformed JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError({ code: 'bad_request', message: 'Send a JSON body with Content-Type: application/json.' });
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  // Content-Length can be absent (chunked) or lie: count while reading.
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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
