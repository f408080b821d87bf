/**
 * The live model server serves nobody but its own warm-up before it reports AVAILABLE, as TF-Serving
 * serves a model version only once its warm-up has run: a client calling a restarting server gets
 * UNAVAILABLE for the whole restart (before, its calls were computed alongside the warm-up rounds).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, Supervisor } from '../../sim/live/processes.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('model server: a client\'s predict call before AVAILABLE is refused (503), also during the warm-up rounds', async () => {
  const port = await freePort();
  const sup = new Supervisor();
  const settings = { port, modelName: 'm', tileSize: 8, filters: 2, seed: 1, batching: { maxBatchSize: 8, batchTimeout: 0.002, maxEnqueuedBatches: 16, } };
  sup.start('model-server', { ts: 'modelServer.ts', args: [JSON.stringify(settings)] });
  const base = `http://127.0.0.1:${port}/v1/models/m`;
  const answers: Array<Promise<{ status: number; at: number }>> = [];
  const probe = () => fetch(`${base}:predict`, { method: 'POST', headers: { 'x-shape': '1,8,8,1' }, body: new Uint8Array(8 * 8 * 4) })
    .then(async (r) => { await r.arrayBuffer(); return { status: r.status, at: performance.now() }; }, () => ({ status: 0, at: performance.now() })); // 0: refused (not listening yet)
  let availableAt = Infinity;
  try {
    const limit = performance.now() + 60_000;
    while (performance.now() < limit) {
      answers.push(probe());
      const s = await fetch(base).then((r) => r.status, () => 0);
      if (s === 200) { availableAt = performance.now(); break; }
      await wait(3);
    }
    const got = await Promise.all(answers);
    assert.ok(availableAt < Infinity, 'the server reported AVAILABLE');
    assert.ok(got.some((g) => g.status === 503), 'some calls reached the loading server');
    // at most the calls in flight when it turned AVAILABLE (between two status polls) may be served
    const servedEarly = got.filter((g) => g.status === 200 && g.at < availableAt).length;
    assert.ok(servedEarly <= 2, `${servedEarly} client calls were served before the server reported AVAILABLE`);
  } finally {
    await sup.stopAll();
  }
});

test.run();
