import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runProvenance } from '../../sim/results/meta.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { consoleTable } from '../../sim/results/table.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { idealConfig } from '../support/idealConfig.ts';

const ideal = () => idealConfig({ images: 50, rate: 3, service: { kind: 'exponential', mean: 1 }, servers: 2, consumers: 2, routing: 'random' });
const row = (table: string, key: string) => table.split('\n').find((l) => l.startsWith(key));

test('runProvenance: derived T4 speed with its range around the full-batch speed; the price table and date', () => {
  const s = loadScenario('scenarios/examples/quick.yaml', ['cluster.pools.gpu.gpu_type=T4']);
  const p = runProvenance(s.config, s.gpu);
  const st = s.config.serving.serviceTime;
  assert.ok(st.kind === 'profile');
  const range = st.profile.sourceRange!;
  const [lo, hi] = p.gpu_speed!.range_images_per_s!;
  // a derived profile's range = speed / the sources' largest factor .. speed / their smallest
  assert.ok(Math.abs(lo * range.hi - hi * range.lo) < 1e-9);
  assert.ok(lo < hi);
  assert.equal({ ...p.gpu_speed, range_images_per_s: undefined }, { provenance: 'derived', gpu: 'T4', profile: 'calibrate/profiles/t4/panoptic/derived-panoptic-2020.json', source: s.gpu.source!, range_images_per_s: undefined });
  assert.equal(p.prices, { table: 'gcp-2019-06', date: '2019-06-17' });
});

test('a measured or imported profile is reported as measured', () => {
  const s = loadScenario('scenarios/examples/quick.yaml', ['serving.profile=calibrate/profiles/xeon-2c/panoptic/tfjs-cpu.json']);
  const p = runProvenance(s.config, s.gpu);
  assert.is(p.gpu_speed!.provenance, 'measured');
  assert.match(p.gpu_speed!.note ?? '', 'is set explicitly');
});

test('summary: gpu_speed and prices are added when given, absent otherwise; the console shows them', () => {
  const reps = runReplications(ideal(), 1);
  const plain = summarize('ideal', reps);
  assert.not.ok('gpu_speed' in plain || 'prices' in plain);
  assert.is(row(consoleTable(plain), 'GPU speed'), undefined);
  const s = summarize('ideal', reps, undefined, {
    gpu_speed: { provenance: 'derived', gpu: 'T4', profile: 'p.json', source: 'scaled from V100', range_images_per_s: [1.5, 3.25], note: 'explicit profile' },
    prices: { table: 'gce-us-west1-2026-12', date: '2026-12-01' },
  });
  assert.equal(s.prices, { table: 'gce-us-west1-2026-12', date: '2026-12-01' });
  const t = consoleTable(s);
  assert.match(row(t, 'GPU speed') ?? '', /^GPU speed\s+DERIVED for T4, 1\.50-3\.25 images\/s per GPU \(p\.json\): scaled from V100$/);
  assert.match(row(t, '  note') ?? '', /^  note\s+explicit profile$/);
  assert.match(row(t, 'prices') ?? '', /^prices\s+gce-us-west1-2026-12 \(prices of 2026-12-01\)$/);
});

test.run();
