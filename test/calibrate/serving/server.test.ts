import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { useBackend } from '../../../calibrate/backends/index.ts';
import { predictBody, predictUrl } from '../../../calibrate/importers/serving.ts';
import { MODEL_BUILDERS } from '../../../calibrate/models/index.ts';
import { layersPredictor } from '../../../calibrate/models/load.ts';
import { MAX_BATCH_PIXELS, maxBodyBytes, startPredictServer, type PredictServer } from '../../../calibrate/serving/server.ts';

const TILE = 16;
const featurenet = (h: number, w: number) => layersPredictor(MODEL_BUILDERS.featurenet(h, w));
const post = (server: PredictServer, body: string, signal?: AbortSignal) =>
  fetch(predictUrl(server.url, 'm'), { method: 'POST', body, signal: signal ?? AbortSignal.timeout(20_000) });

test.before(async () => { await useBackend('tfjs-wasm'); });

test('the default body cap admits the largest valid request calibrate sends and derives from it', () => {
  const cap = maxBodyBytes(MAX_BATCH_PIXELS, 1);
  // calibrate serving's own body grows linearly with the batch: 64 tiles of 256x256 (its largest default point).
  const one = predictBody(1, 256, 256, 1, seedrandom.alea('cap')).length;
  assert.ok(64 * one < cap, `64 x ${one} bytes must fit under ${cap}`);
  assert.ok(cap < 100e6, `cap ${cap} stays under 100 MB for one channel`);
  assert.is(maxBodyBytes(1000, 3) - maxBodyBytes(1000, 1), 1000 * 2 * 16, '16 bytes per extra value');
});

test('a body over the cap is refused with 413 and a message, and the server keeps serving', async () => {
  const server = await startPredictServer({ modelName: 'm', predictorFor: featurenet, maxBodyBytes: 50_000 });
  try {
    const big = predictBody(4, 64, 64, 1, seedrandom.alea('big')); // about 100 kB
    assert.ok(big.length > 50_000);
    const res = await post(server, big);
    assert.is(res.status, 413);
    assert.match(((await res.json()) as { error: string }).error, 'exceeds this server\'s limit of 0.1 MB');
    const ok = await post(server, predictBody(1, TILE, TILE, 1, seedrandom.alea('ok')));
    assert.is(ok.status, 200);
  } finally {
    await server.close();
  }
});

test('a batch over the pixel limit is refused with 413 before any model is built', async () => {
  let built = 0;
  const server = await startPredictServer({ modelName: 'm', predictorFor: (h, w) => { built++; return featurenet(h, w); }, maxBatchPixels: 2 * TILE * TILE });
  try {
    const res = await post(server, predictBody(3, TILE, TILE, 1, seedrandom.alea('px')));
    assert.is(res.status, 413);
    assert.match(((await res.json()) as { error: string }).error, '3 tiles of 16x16');
    assert.is(built, 0);
  } finally {
    await server.close();
  }
});

/** A client that sends its headers and a few bytes of a body, then stalls. */
function stalledClient(server: PredictServer): Promise<{ socket: net.Socket; reply: Promise<string> }> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST /v1/models/m:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"instances": [`);
      let text = '';
      const reply = new Promise<string>((done) => {
        socket.on('data', (d) => { text += d; });
        socket.on('close', () => done(text));
        socket.on('error', () => done(text));
      });
      resolve({ socket, reply });
    });
  });
}

test('a stalled client neither blocks other predicts nor holds its socket past the read timeout (408)', async () => {
  const server = await startPredictServer({ modelName: 'm', predictorFor: featurenet, readTimeoutMs: 1500 });
  try {
    const slow = await stalledClient(server);
    const start = performance.now();
    const res = await post(server, predictBody(1, TILE, TILE, 1, seedrandom.alea('fast')), AbortSignal.timeout(10_000));
    assert.is(res.status, 200);
    await res.json();
    const text = await slow.reply;
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.match(text, 'not received within 1.5 s');
    assert.ok(performance.now() - start < 10_000);
  } finally {
    await server.close();
  }
});

test('failing predicts free their input tensor (tf.memory().numTensors unchanged)', async () => {
  const server = await startPredictServer({ modelName: 'm', predictorFor: featurenet });
  try {
    // Warm: builds and caches the model for this tile shape, so later requests add no weights.
    assert.is((await post(server, predictBody(1, TILE, TILE, 1, seedrandom.alea('w')))).status, 200);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      // Two channels into a one-channel model: the tensor is made, predict throws.
      const res = await post(server, predictBody(1, TILE, TILE, 2, seedrandom.alea(`f${i}`)));
      assert.is(res.status, 400);
    }
    assert.is(tf.memory().numTensors, before);
  } finally {
    await server.close();
  }
});

test('the server keeps at most cacheLimit models and disposes the ones it drops', async () => {
  const start = tf.memory().numTensors; // other test files in this process may hold tensors too
  const server = await startPredictServer({ modelName: 'm', predictorFor: featurenet, shapeCacheLimit: 1 });
  try {
    assert.is((await post(server, predictBody(1, 8, 8, 1, seedrandom.alea('a')))).status, 200);
    const oneModel = tf.memory().numTensors;
    for (const size of [16, 24, 32]) assert.is((await post(server, predictBody(1, size, size, 1, seedrandom.alea(`s${size}`)))).status, 200);
    assert.is(tf.memory().numTensors, oneModel, 'one model (fully convolutional: same weights at every size)');
  } finally {
    await server.close();
  }
  assert.is(tf.memory().numTensors, start, 'close() frees the cached model');
});

test('a null or non-JSON body is a 400, never a crash', async () => {
  const server = await startPredictServer({ modelName: 'm', predictorFor: featurenet });
  try {
    for (const body of ['null', '<html>', '{"instances": [[[1]], [[1, 2]]]}']) {
      const res = await post(server, body);
      assert.is(res.status, 400, body);
    }
    assert.is((await post(server, predictBody(1, TILE, TILE, 1, seedrandom.alea('after')))).status, 200);
  } finally {
    await server.close();
  }
});

test('`npx tsx calibrate/serving/server.ts` exits promptly and cleanly on SIGTERM with a client connected', async () => {
  const root = path.resolve(import.meta.dirname, '..', '..', '..');
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['calibrate/serving/server.ts', '--model', 'featurenet', '--port', '0', '--name', 'm'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
      child.stderr!.on('data', (d) => {
        stderr += d;
        const m = /on (http:\/\/[\d.:]+)\//.exec(stderr);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
    });
    const slow = await stalledClient({ url, close: async () => {} });
    const start = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
    assert.is(code, 0, `exit code (stderr: ${stderr})`);
    assert.ok(performance.now() - start < 5000, 'within 5 s');
    assert.match(stderr, 'SIGTERM: shutting down');
    slow.socket.destroy();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
