import type { IncomingMessage } from 'node:http';
import type { HeaderLookup } from './check-origin';
import { HttpError } from './respond';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a hard size cap; refuses other content types and
 * malformed JSON. `chunks` is the body as it arrives: a Fetch request's
 * stream (Next's route handlers).
 */
export async function readJsonBody(headers: HeaderLookup, chunks: AsyncIterable<Uint8Array> | null): Promise<unknown> {
  checkHeaders(headers);
  // Content-Length can be absent (chunked) or lie: count while reading. Leaving
  // the loop early cancels the body; the server discards the rest.
  const received: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks ?? []) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    received.push(chunk);
  }
  return parse(Buffer.concat(received));
}

/**
 * The same for a Node request (command-api.ts), read with plain listeners:
 * an async iterator over the stream costs a few promises per chunk, and this
 * is the command path (`npm run bench`, scenario 2). Past the cap the request
 * is paused, not destroyed, so the 413 can still reach the client; the caller
 * resumes it to drop the rest.
 */
export function readNodeJsonBody(headers: HeaderLookup, req: IncomingMessage): Promise<unknown> {
  checkHeaders(headers);
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const done = (error: unknown, body?: Buffer) => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (error) return reject(error);
      try {
        resolve(parse(body!));
      } catch (refused) {
        reject(refused);
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        return done(tooLarge());
      }
      received.push(chunk);
    };
    const onEnd = () => done(null, Buffer.concat(received, size));
    const onClose = () => done(new Error('the request was closed before its body ended'));
    if (req.destroyed) return onClose();
    req.on('data', onData).on('end', onEnd).on('error', done).on('close', onClose);
  });
}

function checkHeaders(headers: HeaderLookup): void {
  const type = headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError({ code: 'bad_request', message: 'Send a JSON body with Content-Type: application/json.' });
  }
  const declared = Number(headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
}

function parse(body: Buffer): unknown {
  const text = body.toString('utf8');
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
