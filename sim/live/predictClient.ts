/**
 * The image consumer's Predict call (REFERENCE.md "Tiling, batching and the gRPC call"): a fresh
 * connection per request, a client deadline, and on DEADLINE_EXCEEDED / UNAVAILABLE a sleep of
 * `retryBackoff` and a new attempt, for ever when maxRetries is 0. Any other error fails the job.
 */
import http from 'node:http';

export type CallOutcome = { kind: 'ok'; output: Float32Array; serverSeconds: number; receivedAt: number } | { kind: 'deadline' } | { kind: 'unavailable'; detail: string };

export class PredictError extends Error {}

/** One attempt: POST the tiles, wait at most `deadline` seconds. */
export function predictOnce(url: string, modelName: string, tiles: Float32Array, shape: number[], deadline: number): Promise<CallOutcome> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(tiles.buffer, tiles.byteOffset, tiles.byteLength);
    const target = new URL(`/v1/models/${modelName}:predict`, url);
    let settled = false;
    const done = (o: CallOutcome | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (o instanceof Error) reject(o);
      else resolve(o);
    };
    // agent false: a new connection for every request, as the kiosk opens a new gRPC channel per call
    // x-client-sent-at (epoch seconds): lets the server log how long every request, failed ones too,
    // took to reach it (the successful calls alone would show only the quick ones)
    const sentAt = ((performance.timeOrigin + performance.now()) / 1000).toFixed(6);
    const req = http.request(target, { method: 'POST', agent: false, headers: { 'content-type': 'application/octet-stream', 'content-length': body.length, 'x-shape': shape.join(','), 'x-client-sent-at': sentAt } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ kind: 'unavailable', detail: e.message }));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        if (res.statusCode === 200) done({ kind: 'ok', output: new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)), serverSeconds: Number(res.headers['x-server-seconds'] ?? NaN), receivedAt: Number(res.headers['x-server-received-at'] ?? NaN) });
        else if (res.statusCode === 503) done({ kind: 'unavailable', detail: data.toString('utf8') });
        else done(new PredictError(`predict failed with HTTP ${res.statusCode}: ${data.toString('utf8').slice(0, 200)}`));
      });
    });
    const timer = setTimeout(() => {
      done({ kind: 'deadline' });
      req.destroy();
    }, deadline * 1000);
    // refused or reset connections: the server is down or restarting (UNAVAILABLE)
    req.on('error', (e) => done({ kind: 'unavailable', detail: e.message }));
    req.end(body);
  });
}

export interface RetryPolicy {
  deadline: number;
  retryBackoff: number;
  maxRetries: number;
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/**
 * Calls until a response comes. Counts retries; like grpc_clients._retry_grpc, DEADLINE_EXCEEDED
 * counts towards maxRetries and UNAVAILABLE does not.
 */
/**
 * A failed attempt as the client saw it: why, when it began (epoch seconds), how long it took, and
 * how much longer than retryBackoff the sleep after it lasted (a timer that wakes late on a loaded
 * host). With the attempt's time past its deadline (or a refusal's own time), the lateness is what a
 * live retry cycle costs beyond the model's deadline + back-off (serving.grpc.retry_lateness).
 */
export interface FailedAttempt {
  kind: 'deadline' | 'unavailable';
  at: number;
  seconds: number;
  backoffLate: number;
}

export async function predictWithRetries(url: string, modelName: string, tiles: Float32Array, shape: number[], p: RetryPolicy, onRetry: (f: FailedAttempt) => void): Promise<{ output: Float32Array; transportSeconds: number; sendSeconds: number }> {
  let trueFailures = 0;
  for (;;) {
    const t = performance.now();
    const o = await predictOnce(url, modelName, tiles, shape, p.deadline);
    // the successful call's time outside the server: connect, send, receive, event-loop delays; and
    // of it, the part before the server saw the request (the server's wall clock is this machine's)
    if (o.kind === 'ok') {
      const transportSeconds = Math.max(0, (performance.now() - t) / 1000 - o.serverSeconds);
      const sendSeconds = Math.min(transportSeconds, Math.max(0, o.receivedAt - (performance.timeOrigin + t) / 1000));
      return { output: o.output, transportSeconds, sendSeconds };
    }
    if (p.maxRetries > 0 && trueFailures > p.maxRetries) throw new PredictError(`predict gave up after ${trueFailures} deadline failures`);
    if (o.kind === 'deadline') trueFailures++;
    const failedAt = performance.now();
    await sleep(p.retryBackoff);
    // the sleep is timed from the attempt's end, so attempt time + back-off + lateness = the whole cycle
    const backoffLate = Math.max(0, (performance.now() - failedAt) / 1000 - p.retryBackoff);
    onRetry({ kind: o.kind, at: (performance.timeOrigin + t) / 1000, seconds: (failedAt - t) / 1000, backoffLate });
  }
}
