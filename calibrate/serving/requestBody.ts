/**
 * Reading a predict request's body with two limits: a size cap (413), checked against Content-Length
 * before anything is read and against the bytes as they arrive, and a time limit for the whole body
 * (408), so that a client that trickles or stalls holds one socket, never memory or the model.
 * Bytes past the cap are discarded, not kept, so the client can still read the 413.
 */
import type http from 'node:http';

export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; status: 408 | 413; message: string };

export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function tooLarge(bytes: number, limits: BodyLimits): BodyResult {
  return { ok: false, status: 413, message: `request body of ${bytes >= 0 ? mb(bytes) : 'unknown size'} exceeds this server's limit of ${mb(limits.maxBytes)} (--max-body-mb)` };
}

export function readBody(req: http.IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxBytes) {
    req.resume(); // discard, so the socket can carry the 413
    return Promise.resolve(tooLarge(declared, limits));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      chunks.length = 0;
      finish({ ok: false, status: 408, message: `request body not received within ${limits.timeoutMs / 1000} s (--read-timeout)` });
    }, limits.timeoutMs);
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > limits.maxBytes) {
        chunks.length = 0;
        finish(tooLarge(bytes, limits));
      } else if (!settled) {
        chunks.push(c);
      }
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, status: 408, message: 'the request body was cut off' }));
  });
}
