import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useBackend } from '../../../calibrate/backends/index.ts';
import { excerpt, fetchFailure, predictBody, predictUrl } from '../../../calibrate/importers/serving.ts';
import { MODEL_BUILDERS } from '../../../calibrate/models/index.ts';
import { layersPredictor } from '../../../calibrate/models/load.ts';
import { calibrateServing } from '../../../calibrate/run.ts';
import { startPredictServer, type PredictServer } from '../../../calibrate/serving/server.ts';
import seedrandom from 'seedrandom';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let server: PredictServer;
const TILE = 32;

test.before(async () => {
  await useBackend('tfjs-wasm');
  server = await startPredictServer({ modelName: 'segmentation', predictorFor: (h, w) => layersPredictor(MODEL_BUILDERS.featurenet(h, w)) });
});
test.after(async () => { await server.close(); });

test('predictUrl follows the TF-Serving REST layout', () => {
  assert.is(predictUrl('http://h:8501/', 'NuclearSegmentation'), 'http://h:8501/v1/models/NuclearSegmentation:predict');
});

test('the local server answers a predict request in TF-Serving row format', async () => {
  const body = predictBody(2, TILE, TILE, 1, seedrandom.alea('x'));
  const res = await fetch(predictUrl(server.url, 'segmentation'), { method: 'POST', body });
  assert.is(res.status, 200);
  const json = (await res.json()) as { predictions: Array<Record<string, number[][][]>> };
  assert.is(json.predictions.length, 2);
  assert.equal(Object.keys(json.predictions[0]!), ['inner_distance', 'outer_distance', 'fgbg']);
  assert.is(json.predictions[0]!.fgbg!.length, TILE);
  assert.is(json.predictions[0]!.fgbg![0]![0]!.length, 2);
});

test('the server rejects a malformed body with a TF-Serving style error', async () => {
  const res = await fetch(predictUrl(server.url, 'segmentation'), { method: 'POST', body: '{"inputs": 1}' });
  assert.is(res.status, 400);
  assert.match(((await res.json()) as { error: string }).error, 'instances');
});

test('calibrate serving sweeps the endpoint and writes a valid profile', async () => {
  const lines: string[] = [];
  const profile = await calibrateServing({
    url: server.url, servable: 'segmentation', model: 'featurenet', channels: 1, hardware: 'test server (tfjs-wasm)',
    plan: { tiles: [[TILE, TILE]], batchSizes: [1, 2], repeats: 2, warmup: 1 }, postprocess: { images: 0, seed: 1 },
    name: 'serving-test', command: 'kiosk-sim calibrate serving --url test',
  }, (l) => lines.push(l));
  assert.is(profile.backend, 'tf-serving-rest');
  assert.equal(profile.samples.map((g) => [g.batchSize, g.seconds.length]), [[1, 2], [2, 2]]);
  assert.ok(profile.samples.every((g) => g.seconds.every((s) => s > 0 && s < 30)));
  assert.ok(profile.fit.b > 0 && profile.fit.rmseSeconds >= 0);
  assert.is(profile.residuals.values.length, 4);
  assert.is(lines.filter((l) => l.includes('Mpx/s')).length, 2, 'one progress line per point');
});

test('an unknown servable is a user error naming the URL', async () => {
  try {
    await calibrateServing({
      url: server.url, servable: 'nope', model: 'featurenet', channels: 1, hardware: 'x',
      plan: { tiles: [[TILE, TILE]], batchSizes: [1], repeats: 1, warmup: 0 }, postprocess: { images: 0, seed: 1 }, name: 'x', command: 'x',
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, `${server.url}/v1/models/nope`);
  }
});

test('an unreachable server is a user error', async () => {
  const gone = await fakeServer(() => {});
  await gone.close(); // a port nothing listens on
  try {
    await calibrateServing({
      url: gone.url, servable: 'm', model: 'featurenet', channels: 1, hardware: 'x',
      plan: { tiles: [[TILE, TILE]], batchSizes: [1], repeats: 1, warmup: 0 }, postprocess: { images: 0, seed: 1 }, name: 'x', command: 'x',
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, 'cannot reach TF-Serving');
    assert.match((e as Error).message, 'connection refused');
  }
});


/** A fake server on 127.0.0.1: `answer` handles every request (or never answers). */
async function fakeServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const srv = http.createServer(answer);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

const plan = { tiles: [[TILE, TILE]] as Array<[number, number]>, batchSizes: [1], repeats: 1, warmup: 0 };
const calibrateAt = (url: string, timeoutS?: number) => calibrateServing({
  url, servable: 'm', model: 'featurenet', channels: 1, hardware: 'x', plan, postprocess: { images: 0, seed: 1 }, name: 'x', command: 'x', timeoutS,
}, () => {});

async function userError(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    assert.is((e as Error).name, 'UserError', (e as Error).stack);
    return e as Error;
  }
  throw new Error('expected a UserError');
}

test('a server that accepts and never answers times out (--timeout) instead of hanging', async () => {
  const fake = await fakeServer(() => {});
  try {
    const start = performance.now();
    const e = await userError(calibrateAt(fake.url, 0.5));
    assert.match(e.message, 'timed out after 0.5 s');
    assert.match(e.message, `${fake.url}/v1/models/m`);
    assert.ok(performance.now() - start < 5000);
  } finally {
    await fake.close();
  }
});

test('a predict that never answers times out too', async () => {
  const fake = await fakeServer((req, res) => {
    if (req.method === 'GET') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); }
  });
  try {
    const e = await userError(calibrateAt(fake.url, 0.5));
    assert.match(e.message, ':predict: timed out after 0.5 s');
  } finally {
    await fake.close();
  }
});

for (const [what, type, body, expect] of [
  ['an HTML page', 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>', /content-type text\/html, body "<html><body><h1>502 Bad Gateway/],
  ['binary', 'application/octet-stream', Buffer.from([0, 1, 2, 255, 254, 3]), /content-type application\/octet-stream, body \(binary, 6 bytes\)/],
  ['JSON null', 'application/json', 'null', /did not answer with a JSON object \(status 200, content-type application\/json, body "null"\)/],
] as const) {
  test(`a predict reply that is ${what} is a user error with status, content type and excerpt`, async () => {
    const fake = await fakeServer((req, res) => {
      if (req.method === 'GET') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); return; }
      req.resume();
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    try {
      const e = await userError(calibrateAt(fake.url));
      assert.match(e.message, expect);
    } finally {
      await fake.close();
    }
  });
}

test('an HTML error page on the status check names status and excerpt', async () => {
  const fake = await fakeServer((_req, res) => { res.writeHead(503, { 'content-type': 'text/html' }); res.end('<p>maintenance</p>'); });
  try {
    const e = await userError(calibrateAt(fake.url));
    assert.match(e.message, 'status 503, content-type text/html, body "<p>maintenance</p>"');
  } finally {
    await fake.close();
  }
});

test('credentials in the URL go as basic auth and never into messages or the profile', async () => {
  let auth = '';
  const fake = await fakeServer((req, res) => {
    auth = req.headers.authorization ?? '';
    if (req.method === 'GET') { res.writeHead(401, { 'content-type': 'text/plain' }); res.end('who are you'); return; }
  });
  try {
    const e = await userError(calibrateAt(`http://kiosk:s3cret-pw@127.0.0.1:${fake.port}`));
    assert.is(auth, `Basic ${Buffer.from('kiosk:s3cret-pw').toString('base64')}`);
    assert.match(e.message, 'authentication failed');
    assert.match(e.message, `http://***@127.0.0.1:${fake.port}`);
    assert.not.match(e.message, 's3cret');
    assert.not.match(e.message, 'kiosk:');
  } finally {
    await fake.close();
  }
  const [, port] = /:(\d+)$/.exec(server.url)!;
  const profile = await calibrateServing({
    url: `http://kiosk:s3cret-pw@127.0.0.1:${port}`, servable: 'segmentation', model: 'featurenet', channels: 1, hardware: 'test',
    plan, postprocess: { images: 0, seed: 1 }, name: 'x', command: `kiosk-sim calibrate serving --url http://kiosk:s3cret-pw@127.0.0.1:${port}`,
  }, () => {});
  const json = JSON.stringify(profile);
  assert.not.match(json, 's3cret');
  assert.match(json, `http://***@127.0.0.1:${port}`);
});

test('excerpt and fetchFailure speak plainly', () => {
  assert.is(excerpt(new Uint8Array()), '(empty body)');
  assert.is(excerpt(Buffer.from('x'.repeat(200))), `"${'x'.repeat(120)}..."`);
  assert.is(fetchFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 1), 'host not found');
  assert.is(fetchFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 1), 'connection refused');
  assert.is(fetchFailure(new DOMException('x', 'TimeoutError'), 3), 'timed out after 3 s (--timeout)');
});

test.run();
