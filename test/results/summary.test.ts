import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { replicationStat } from '../../sim/results/statistics.ts';
import { LATENCY_KINDS, latencyColumns, summarizeRecords } from '../../sim/results/latency.ts';
import { exactSum } from '../../sim/engine/stats/exactSum.ts';
import { configFrom } from '../support/configFrom.ts';
import { idealConfig } from '../support/idealConfig.ts';

const ideal = () => idealConfig({ images: 200, rate: 3, service: { kind: 'exponential', mean: 1 }, servers: 4, consumers: 4, routing: 'random' });

test('a run cut at its time limit reports its images, window and throughput over the window, not zeros', () => {
  const reps = runReplications({ ...ideal(), timeLimit: 20 }, 1);
  const s = summarize('ideal', reps);
  assert.not.ok(s.completed);
  assert.ok(s.images.completed > 0, `images done ${s.images.completed}`);
  assert.is(s.window_s.mean, 20);
  assert.is(s.makespan_s.mean, 20);
  assert.ok(Math.abs(s.throughput_images_per_s.mean - s.images.completed / 20) < 1e-12);
  assert.ok(s.throughput_images_per_s.mean > 0);
});

test('a completed run: window = makespan, throughput = images / makespan', () => {
  const s = summarize('ideal', runReplications(ideal(), 1));
  assert.ok(s.completed);
  assert.is(s.window_s.mean, s.makespan_s.mean);
  assert.ok(Math.abs(s.throughput_images_per_s.mean - 200 / s.makespan_s.mean) < 1e-12);
});

test('end_to_end starts at the zip submission: it covers the zip queue and expansion that total leaves out', () => {
  const cfg = configFrom({ workload: { images: 300, arrival: { kind: 'paced', start_delay: '0.5s' } }, cluster: { pools: { gpu: { max: 1 } } } });
  const reps = runReplications(cfg, 1);
  const s = summarize('zips', reps);
  assert.ok(s.completed);
  const cols = latencyColumns([reps[0]!.record]);
  for (let k = 0; k < cols.total.length; k++) assert.ok(cols.end_to_end[k]! >= cols.total[k]! - 1e-9);
  // a zip is downloaded and its images uploaded one by one before any child job exists
  assert.ok(s.latency_s.end_to_end.mean > s.latency_s.total.mean + 0.1, `${s.latency_s.end_to_end.mean} vs ${s.latency_s.total.mean}`);
});

test('latency quantiles across replications: each replication\'s own quantile, as a Stat', () => {
  const reps = runReplications(ideal(), 3);
  const s = summarize('ideal', reps);
  const p95 = reps.map((r) => {
    const x = Float64Array.from(latencyColumns([r.record]).serving).sort();
    const h = (x.length - 1) * 0.95;
    const i = Math.floor(h);
    return x[i]! + (h - i) * (x[i + 1]! - x[i]!);
  });
  assert.equal(s.latency_s_across_replications.serving.p95, replicationStat(p95));
  assert.ok(s.latency_s_across_replications.serving.p95.ci95[0]! <= s.latency_s_across_replications.serving.p95.mean);
  // the pooled p50 lies within the replications' range of p50
  const p50 = s.latency_s_across_replications.total.p50;
  assert.ok(p50.min <= s.latency_s.total.p50 && s.latency_s.total.p50 <= p50.max);
});

test('one replication: the across-replications quantiles are its own, with no interval', () => {
  const s = summarize('ideal', runReplications(ideal(), 1));
  const a = s.latency_s_across_replications.end_to_end.p99;
  assert.is(a.mean, s.latency_s.end_to_end.p99);
  assert.ok(Number.isNaN(a.sd) && Number.isNaN(replicationStat([1]).sd), 'no spread from one replication');
});

test('the summary, made one column at a time and selected in place, is the sorted column\'s quantiles bit for bit, and the exact mean', () => {
  // 2,000 images a replication: well above selection's insertion-sort cut-over, so partitioning is tested
  const reps = runReplications(idealConfig({ images: 2000, rate: 20, service: { kind: 'exponential', mean: 0.2 }, servers: 4, consumers: 8, routing: 'random' }), 2);
  const records = reps.map((r) => r.record);
  const before = records.map((r) => Buffer.from(r.finished.buffer).toString('base64'));
  const got = summarizeRecords(records);
  const cols = latencyColumns(records);
  assert.ok(cols.total.length >= 4000);
  for (const kind of LATENCY_KINDS) {
    const x = Float64Array.from(cols[kind]).sort();
    const sum = exactSum(x); // correctly rounded, whatever the order (engine/stats/exactSum.ts)
    const q = (p: number) => {
      const h = (x.length - 1) * p;
      const i = Math.floor(h);
      return i + 1 < x.length ? x[i]! + (h - i) * (x[i + 1]! - x[i]!) : x[i]!;
    };
    assert.equal(got[kind], { mean: sum / x.length, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: x[x.length - 1]! }, kind);
  }
  assert.equal(records.map((r) => Buffer.from(r.finished.buffer).toString('base64')), before, 'records unchanged');
});

test.run();
