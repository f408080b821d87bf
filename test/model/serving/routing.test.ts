import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/engine/index.ts';
import { RandomStreams } from '../../../sim/engine/rng.ts';
import { TfServingServer } from '../../../sim/model/serving/tfServingPod.ts';
import { makeRouter } from '../../../sim/model/serving/routing.ts';
import type { BatchingConfig } from '../../../sim/model/config.ts';
import { configFrom } from '../../support/configFrom.ts';
import { runOne } from '../../../sim/results/runScenario.ts';
import { idealConfig } from '../../support/idealConfig.ts';

const batching: BatchingConfig = { enabled: true, maxBatchSize: 128, batchTimeout: 1, maxEnqueuedBatches: 512, numBatchThreads: 2 };

function servers(n: number) {
  const sim = new Simulation();
  return Array.from({ length: n }, (_, i) => new TfServingServer(sim, i, batching, () => 0.1));
}

test('round-robin (IPVS rr): endpoints in turn, the cursor kept across endpoint changes', () => {
  const s = servers(3);
  const pick = makeRouter('round-robin', new RandomStreams(1).stream('serving.loadbalance'));
  assert.equal([0, 1, 2, 3, 4, 5].map(() => pick(s)!.id), [0, 1, 2, 0, 1, 2]);
  assert.is(pick([])!, null);
  const two = s.slice(0, 2);
  assert.equal([0, 1, 2].map(() => pick(two)!.id), [0, 1, 0]);
});

test('random (iptables): every endpoint equally likely, one draw per pick', () => {
  const s = servers(4);
  const pick = makeRouter('random', new RandomStreams(7).stream('serving.loadbalance'));
  const counts = [0, 0, 0, 0];
  const n = 40000;
  for (let i = 0; i < n; i++) counts[pick(s)!.id]!++;
  // binomial sd = sqrt(n p (1-p)) = 86.6; 5 sd
  for (const c of counts) assert.ok(Math.abs(c - n / 4) < 5 * 86.6, `${counts}`);
});

test('serving.routing: round-robin is a scenario setting; random stays the default', () => {
  assert.is(configFrom().serving.routing, 'random');
  assert.is(configFrom({ serving: { routing: 'round-robin' } }).serving.routing, 'round-robin');
  assert.throws(() => configFrom({ serving: { routing: 'ipvs' } }));
});

test('round-robin spreads 4 consumers over 4 servers evenly: less queueing than random', () => {
  const mean = (routing: 'random' | 'round-robin') => {
    const cfg = idealConfig({ images: 2000, rate: 3, service: { kind: 'constant', value: 1 }, servers: 4, consumers: 4 });
    cfg.serving.routing = routing;
    const r = runOne(cfg, 1);
    let s = 0;
    for (let i = 0; i < r.record.completed; i++) s += r.record.serving[i]!;
    return s / r.record.completed;
  };
  const rr = mean('round-robin');
  const rnd = mean('random');
  assert.ok(rr < rnd, `round-robin ${rr} s vs random ${rnd} s per image`);
});

test.run();
