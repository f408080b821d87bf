/**
 * The GPU catalogue in simulation: with the GPU count held fixed (scenarios/examples/gpu-speed-8.yaml), a T4 run
 * is slower than a V100 run by the ratio of the two profiles' batch times at the batch sizes the run uses, and
 * the other catalogue GPUs' runs complete.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeBatchTimeSampler, type ServingProfile } from '../../sim/model/serving/profile.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const SCENARIO = 'scenarios/examples/gpu-speed-8.yaml';
const run = (gpu: string, extra: string[] = []) => {
  const s = loadScenario(SCENARIO, [`cluster.pools.gpu.gpu_type=${gpu}`, ...extra]);
  return { s, r: runReplications(s.config, 1)[0]! };
};
const profileOf = (s: ReturnType<typeof loadScenario>): ServingProfile => {
  const st = s.config.serving.serviceTime;
  if (st.kind !== 'profile') throw new Error('expected a profile');
  return st.profile;
};

/** Images per second between the 10th and the 90th percentile of finish times: the GPUs' steady state. */
function steadyThroughput(finished: ArrayLike<number>, count: number): number {
  const f = Float64Array.from({ length: count }, (_, i) => finished[i]!).sort();
  const lo = f[Math.floor(0.1 * count)]!;
  const hi = f[Math.floor(0.9 * count)]!;
  return (0.8 * count) / (hi - lo);
}

const K = 4096;
/** Mean and coefficient of variation of the sampled batch time at batch b (stratified uniforms, the sampler itself). */
function batchTime(p: ServingProfile, b: number): { mean: number; cv: number } {
  let k = 0;
  const sample = makeBatchTimeSampler(p, () => (k++ + 0.5) / K);
  const xs = Array.from({ length: K }, () => sample(b, 256, 256));
  const mean = xs.reduce((a, x) => a + x, 0) / K;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / K);
  return { mean, cv: sd / mean };
}

const speed = suite('GPU speed by gpu_type, 8 fixed GPUs');
speed('T4 is slower than V100 by the profiles\' batch-time ratio at the batch sizes in use', () => {
  const v = run('V100');
  const t = run('T4');
  assert.ok(v.r.completed && t.r.completed);
  const n = v.r.record.count;
  const measured = steadyThroughput(t.r.record.finished, n) / steadyThroughput(v.r.record.finished, n);
  // Batch sizes in use: the GPUs are saturated (a queue of 16-, 16- and 10-tile requests), so a batch closes
  // when the next request would pass max_batch_size 128: 113..128 tiles.
  const tiles = 42; // 1280x1080 in 256-px tiles at stride 192: 7 x 6
  let lo = Infinity;
  let hi = -Infinity;
  let cv = 0;
  for (let b = 113; b <= 128; b++) {
    const tv = batchTime(profileOf(v.s), b);
    const tt = batchTime(profileOf(t.s), b);
    lo = Math.min(lo, tv.mean / tt.mean);
    hi = Math.max(hi, tv.mean / tt.mean);
    cv = Math.max(cv, Math.hypot(tv.cv, tt.cv));
  }
  // Tolerance: 4 standard errors of the ratio of two mean batch times over the window's ~0.8 n x 42 / 120 batches,
  // plus the window's edges, which cut at most one batch in flight per GPU at each end (2 x 8 x 128 tiles).
  const batches = (0.8 * n * tiles) / 120;
  const tol = 4 * cv / Math.sqrt(batches) + (2 * 8 * 128) / tiles / (0.8 * n);
  assert.ok(measured >= lo * (1 - tol) && measured <= hi * (1 + tol), `T4/V100 steady throughput ${measured.toFixed(4)}, derived ${lo.toFixed(4)}-${hi.toFixed(4)} +- ${(100 * tol).toFixed(2)}%`);
  // and the whole run is slower too (its makespan includes the same start-up for both)
  assert.ok(t.r.makespan > 2 * v.r.makespan, `${t.r.makespan} vs ${v.r.makespan}`);
});
speed('A100, L4 and H100 runs complete with the 2026 prices, on their own hosts', () => {
  for (const [gpu, host] of [['A100', 'a2-highgpu-1g'], ['L4', 'g2-standard-4'], ['H100', 'a3-highgpu-1g']] as const) {
    const { s, r } = run(gpu, ['cost.price_table=gce-us-west1-2026-12']);
    assert.ok(r.completed, `${gpu}: ${r.reason}`);
    assert.is(r.record.completed, 10000);
    assert.is(s.config.cluster.pools.gpu.machine.name, host);
    assert.ok(r.cost.gpu_nodes > 0);
  }
});
speed.run();
