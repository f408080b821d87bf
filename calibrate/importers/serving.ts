/**
 * Timing a live TF-Serving REST predict endpoint (the Kiosk's real server): each batch is one
 * POST /v1/models/NAME:predict with {"instances": [...]}; the time runs from sending the request to
 * having parsed the whole response, as a client sees it. Request bodies are built before the clock starts.
 *
 * Every request has a time limit covering the whole exchange (connect, send, the full reply), so a
 * server that accepts and never answers ends the calibration with a message instead of hanging it. A
 * reply that is not TF-Serving's JSON (an HTML error page from a proxy, binary, `null`) is a user
 * error naming the status, the content type and a short excerpt. Credentials in the URL
 * (http://user:password@host) are sent as HTTP basic auth and masked in every message.
 */
import seedrandom from 'seedrandom';
import { UserError } from '../../sim/cli/errors.ts';
import type { BatchTimer } from '../measure.ts';
import { redact } from '../redact.ts';
import { SERVING_TIMEOUT_S } from '../timeouts.ts';

export { SERVING_TIMEOUT_S };

export function predictUrl(baseUrl: string, model: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(model)}:predict`;
}

/** Row-format body of `batchSize` random tiles (values rounded to 3 decimals to keep it small). */
export function predictBody(batchSize: number, height: number, width: number, channels: number, random: () => number): string {
  const tile = () => Array.from({ length: height }, () =>
    Array.from({ length: width }, () => Array.from({ length: channels }, () => Math.round(random() * 1000) / 1000)));
  return JSON.stringify({ instances: Array.from({ length: batchSize }, tile) });
}

/** fetch() refuses URLs with credentials: they move into an Authorization header. */
export function splitCredentials(url: string): { url: string; headers: Record<string, string> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--url expects an http(s) URL such as http://localhost:8501, got "${redact(url)}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UserError(`--url expects an http(s) URL such as http://localhost:8501, got "${redact(url)}"`);
  }
  if (!parsed.username && !parsed.password) return { url, headers: {} };
  const auth = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), headers: { authorization: `Basic ${auth}` } };
}

/** Up to 120 characters of a reply body, printable, or a note that it is binary. */
export function excerpt(body: Uint8Array): string {
  if (body.length === 0) return '(empty body)';
  const head = body.subarray(0, 512);
  const controls = head.filter((b) => b < 9 || (b > 13 && b < 32)).length;
  if (controls > 0) return `(binary, ${body.length} bytes)`;
  const text = Buffer.from(head).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `"${text.slice(0, 120)}..."` : `"${text}"`;
}

/** Why a fetch failed, in the words a user can act on. */
export function fetchFailure(e: unknown, timeoutS: number): string {
  const err = e as Error & { cause?: NodeJS.ErrnoException };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timed out after ${timeoutS} s (--timeout)`;
  const code = err?.cause?.code ?? '';
  const text = `${code} ${err?.cause?.message ?? ''} ${err?.message ?? ''}`;
  if (/ECONNREFUSED/.test(text)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(text)) return 'host not found';
  if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/.test(text)) return 'timed out';
  if (/ECONNRESET|UND_ERR_SOCKET|other side closed/i.test(text)) return 'the connection was closed by the server';
  return redact(err?.cause?.message ?? err?.message ?? String(e));
}

interface Reply { status: number; contentType: string; body: Uint8Array }

export interface ServingClient {
  /** The base URL with any password masked, for messages and the profile. */
  shown: string;
  get(path: string): Promise<Reply>;
  post(path: string, body: string): Promise<Reply>;
}

export function servingClient(baseUrl: string, timeoutS = SERVING_TIMEOUT_S): ServingClient {
  if (!(timeoutS > 0)) throw new UserError(`--timeout expects seconds > 0, got ${timeoutS}`);
  const { url, headers } = splitCredentials(baseUrl.replace(/\/+$/, ''));
  const base = url.replace(/\/+$/, '');
  const shown = redact(baseUrl.replace(/\/+$/, ''));
  const call = async (path: string, init: RequestInit): Promise<Reply> => {
    try {
      // One signal for the whole exchange: it also aborts reading a reply that never ends.
      const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(timeoutS * 1000) });
      const body = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, contentType: res.headers.get('content-type') ?? '(none)', body };
    } catch (e) {
      throw new UserError(`cannot reach TF-Serving at ${shown}${path}: ${fetchFailure(e, timeoutS)}`);
    }
  };
  return {
    shown,
    get: (path) => call(path, { method: 'GET' }),
    post: (path, body) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  };
}

const describe = (r: Reply) => `status ${r.status}, content-type ${r.contentType}, body ${excerpt(r.body)}`;

/** The reply's JSON object, or a user error saying what came back instead. */
export function replyJson(r: Reply, where: string): Record<string, unknown> {
  if (r.status === 401 || r.status === 403) throw new UserError(`TF-Serving at ${where}: authentication failed (${describe(r)})`);
  const isJson = /\bjson\b/i.test(r.contentType);
  let value: unknown;
  if (isJson) {
    try { value = JSON.parse(Buffer.from(r.body).toString('utf8')); } catch { value = undefined; }
  }
  if (r.status < 200 || r.status >= 300) {
    const error = value && typeof value === 'object' ? (value as { error?: unknown }).error : undefined;
    throw new UserError(`TF-Serving at ${where} answered ${typeof error === 'string' ? `${r.status}: ${redact(error)}` : describe(r)}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`TF-Serving at ${where} did not answer with a JSON object (${describe(r)})`);
  }
  return value as Record<string, unknown>;
}

/** Fails early with one clear message when the server or model is not there. */
export async function checkServing(client: ServingClient, model: string): Promise<void> {
  const path = `/v1/models/${encodeURIComponent(model)}`;
  replyJson(await client.get(path), `${client.shown}${path}`);
}

export function servingTimer(client: ServingClient, model: string, channels: number, seed = 1): BatchTimer {
  const path = `/v1/models/${encodeURIComponent(model)}:predict`;
  const where = `${client.shown}${path}`;
  const random = seedrandom.alea(`serving-${seed}`);
  return async (batchSize, tileHeight, tileWidth) => {
    const body = predictBody(batchSize, tileHeight, tileWidth, channels, random);
    const start = performance.now();
    const reply = await client.post(path, body);
    const json = replyJson(reply, where);
    const seconds = (performance.now() - start) / 1000;
    const predictions = json.predictions;
    if (!Array.isArray(predictions) || predictions.length !== batchSize) {
      throw new UserError(`TF-Serving predict at ${where} returned ${Array.isArray(predictions) ? predictions.length : 'no'} predictions for ${batchSize} instances`);
    }
    return seconds;
  };
}
