/**
 * The live client's retry cycle as the calibration reads it: every failed attempt comes with its own
 * time and how late the back-off sleep after it woke (serving.grpc.retry_lateness), and every request
 * tells the server when it was sent. A stand-in server on 127.0.0.1 refuses twice (503), then answers.
 */
import http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { predictWithRetries, type FailedAttempt } from '../../sim/live/predictClient.ts';

test('predictWithRetries: each failure with its time and its back-off\'s lateness; the send time reaches the server', async () => {
  let calls = 0;
  const sentAt: number[] = [];
  const server = http.createServer((req, res) => {
    sentAt.push(Number(req.headers['x-client-sent-at']));
    req.resume();
    req.on('end', () => {
      calls++;
      if (calls <= 2) {
        res.writeHead(503).end('loading');
        return;
      }
      res.writeHead(200, { 'x-server-seconds': '0.001', 'x-server-received-at': String(Date.now() / 1000) }).end(Buffer.alloc(16));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const failures: FailedAttempt[] = [];
  const backoff = 0.05;
  try {
    const t = performance.now();
    const out = await predictWithRetries(`http://127.0.0.1:${port}`, 'm', new Float32Array(4), [1, 2, 2, 1], { deadline: 2, retryBackoff: backoff, maxRetries: 0 }, (f) => failures.push(f));
    const wall = (performance.now() - t) / 1000;
    assert.is(out.output.length, 4);
    assert.is(failures.length, 2);
    for (const f of failures) {
      assert.is(f.kind, 'unavailable');
      assert.ok(Number.isFinite(f.backoffLate) && f.backoffLate >= 0 && f.backoffLate < 1, `late ${f.backoffLate}`);
      assert.ok(f.seconds >= 0 && f.seconds < 1, `seconds ${f.seconds}`);
    }
    // the cycles account for the wall time: attempts + back-offs + their lateness, then the last call
    const cycles = failures.reduce((a, f) => a + f.seconds + backoff + f.backoffLate, 0);
    assert.ok(cycles <= wall + 1e-3 && wall - cycles < 0.5, `cycles ${cycles} of ${wall} s`);
    assert.is(sentAt.length, 3);
    assert.ok(sentAt.every((s) => Math.abs(s - Date.now() / 1000) < 30), `sent at ${sentAt}`);
  } finally {
    server.close();
  }
});

test.run();
