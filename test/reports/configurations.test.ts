/** Cross-run reports group runs by their whole resolved configuration and never pool different ones. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeReport } from '../../reports/index.ts';
import { groupByConfiguration } from '../../reports/configs/group.ts';
import { settingsOf } from '../../reports/configs/settings.ts';
import { fakeRun } from '../fixtures/reports/fake-runs.ts';
import { makeRunDir } from '../fixtures/reports/make-run-dir.ts';
import { tempDirs } from '../results/support/tempDirs.ts';

const temp = tempDirs('kiosk-configs-');
test.after(() => temp.removeAll());

const tmp = () => temp.make();
/** RFC 4180 fields of each line (the labels hold commas, so they are quoted). */
const csvRows = (file: string) =>
  readFileSync(file, 'utf8').trim().split('\n').map((l) => [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));

test('settings of a resolved scenario: dotted leaves, without name, description, seed and replications', () => {
  const s = settingsOf({ name: 'x', description: 'y', seed: 3, replications: 5, cluster: { zones: 1, pools: { gpu: { max: 4 } } }, serving: { batching: { values: [1, 2] } } });
  assert.equal([...s.entries()], [['cluster.zones', '1'], ['cluster.pools.gpu.max', '4'], ['serving.batching.values', '[1,2]']]);
});

test('grouping: same configuration with other seeds pools; any other setting splits, labelled by what differs', () => {
  const runs = [
    fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 30, seed: 1 }),
    fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 32, seed: 9 }),
    fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 40, policy: 'keda' }),
  ];
  const g = groupByConfiguration(runs);
  assert.equal(g.differing, ['autoscaling.policy']);
  assert.equal(g.configurations.map((c) => [c.label, c.runs.length]), [['autoscaling.policy=kiosk', 2], ['autoscaling.policy=keda', 1]]);
});

test('grouping: runs without scenario.json are never pooled, even when their meta agrees', () => {
  const a = { ...fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 30 }), scenario: null };
  const b = { ...fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 30 }), scenario: null };
  const g = groupByConfiguration([a, b]);
  assert.is(g.configurations.length, 2);
  assert.ok(g.configurations.every((c) => c.fromMeta));
});

const base = tmp();
const opts = { images: 300, gpuMax: 4, replications: 2, sampleEvery: 5 };
const dirs = [
  makeRunDir(path.join(base, 'base'), { ...opts, seed: 1 }),
  makeRunDir(path.join(base, 'base-again'), { ...opts, seed: 7 }),
  makeRunDir(path.join(base, 'keda'), { ...opts, seed: 2, settings: { autoscaling: { policy: 'keda' } } }),
  makeRunDir(path.join(base, 'one-zone'), { ...opts, seed: 3, zones: 1, settings: { cluster: { zones: 1 } } }),
  makeRunDir(path.join(base, 't4'), { ...opts, seed: 4, settings: { cluster: { pools: { gpu: { gpu_type: 'T4' } } } } }),
];
const out = path.join(base, 'report');
const result = await writeReport(dirs, out, { png: false });
const html = readFileSync(result.html, 'utf8');

test('a report over runs that differ in policy, zones and GPU type shows them apart', () => {
  const [head, ...rows] = csvRows(path.join(out, 'runs.csv'));
  const col = (name: string) => head!.indexOf(name);
  for (const c of ['cluster.pools.gpu.gpu_type', 'cluster.zones', 'autoscaling.policy']) assert.ok(col(c) > 0, c);
  assert.is(rows.length, 4, 'four configurations, not one bar with "± sd"');
  const row = (label: string) => rows.find((r) => r[0] === label);
  // Named for what each --set-like variant changes; the baseline (what most share) by its scenario name.
  const keda = row('autoscaling.policy=keda');
  const zone = row('cluster.zones=1');
  const t4 = row('cluster.pools.gpu.gpu_type=T4');
  const baseRow = row('fixture-2020-4gpu-0.5s-300');
  assert.ok(keda && zone && t4 && baseRow, rows.map((r) => r[0]).join(' | '));
  assert.is(keda![col('autoscaling.policy')], 'keda');
  assert.is(zone![col('cluster.zones')], '1');
  assert.is(t4![col('cluster.pools.gpu.gpu_type')], 'T4');
  assert.equal([baseRow, keda, zone, t4].map((r) => [r![col('Run directories')], r![col('Replications')]]), [['2', '4'], ['1', '2'], ['1', '2'], ['1', '2']]);
  assert.ok(baseRow![col('Directories')]!.includes('base-again'), 'the two replicate directories are one configuration');
  const chart = JSON.parse(/<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(html)![1]!) as Record<string, { configuration: string; replications: number }[]>;
  const bars = new Map(chart.configurations!.map((r) => [r.configuration, r.replications]));
  assert.is(bars.size, 4, 'one bar per configuration');
  for (const label of bars.keys()) assert.ok(html.includes(label), label);
});

test('several configurations at one GPU max: a comparison chart, no one-point Fig. 2b or one-bar Fig. 2c', () => {
  const ids = [...html.matchAll(/<figure id="([^"]+)" data-chart=/g)].map((m) => m[1]!);
  assert.equal(ids.slice(0, 2), ['configurations', 'figS1-optimal-gpus']);
  assert.not.ok(ids.includes('fig2b-time-vs-gpu'));
  assert.not.ok(ids.includes('fig2c-cost'));
});

test.run();
