import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRun } from '../../../reports/run-dir/load-run.ts';
import { ordinal, throughputFromCompleted, timelineData, timelineSpec, timeUnitFor } from '../../../reports/charts/timeline.ts';
import { toVega, specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');
const run = await loadRun(TINY);
const data = timelineData(run.timeseries!, run.events);
const spec = timelineSpec(data, run.name, 1, 2);

test('timeline panels only for columns present; unknown columns ignored', () => {
  assert.equal(data.panels.map((p) => p.id), ['queues', 'serving', 'nodes', 'gpu', 'throughput', 'completed', 'cost']);
  assert.not.ok(data.rows.some((r) => r.series.includes('mystery')));
  assert.equal(data.panels[0]!.columns.map(([c]) => c), ['queue_zip', 'queue_image']);
});

test('without a throughput column, throughput is derived from completed images per sample interval', () => {
  const tp = data.rows.filter((r) => r.panel === 'throughput');
  assert.is(tp.length, 10, 'one value per interval between 11 samples');
  assert.ok(tp[0]!.series.includes('from completed images'));
  assert.equal(tp.map((r) => r.value), [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0]);
  assert.equal(throughputFromCompleted([{ t: 0, completed_images: 0 }, { t: 10, completed_images: 30 }]), [{ t: 10, value: 3 }]);
});

test('ordinal numbers for the replication label', () => {
  assert.equal([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
});

test('GPU utilisation fractions are shown in percent; time in minutes for short runs', () => {
  assert.ok(data.rows.filter((r) => r.panel === 'gpu').some((r) => r.value === 50));
  assert.equal(timeUnitFor(600), { divisor: 60, label: 'min' });
  assert.equal(timeUnitFor(5 * 3600), { divisor: 3600, label: 'h' });
  assert.ok(Math.abs(data.tMax - 100 / 60) < 1e-9);
});

test('timeline compiles and marks preemptions, crashes and restarts on every panel', async () => {
  assert.equal(toVega(spec).warnings, []);
  const s = await scene(spec);
  assert.is(data.events.length, 4); // rep 1: 1 preemption, 2 restarts, 1 crash
  assert.is(s.counts.rule, 4 * data.panels.length);
  assert.ok(s.counts.line! > 0 && s.counts.area! > 0);
  for (const t of ['Queue depth', 'TF-Serving pods by state', 'Nodes', 'GPU utilisation', 'Cumulative cost', 'preemption', 'pod restart', 'pod crash']) {
    assert.ok(s.texts.includes(t), t);
  }
  assert.ok(s.texts.some((t) => t.includes('1 preemption, 1 pod crash, 2 pod restarts')));
});

test('timeline without events.csv draws no rules', async () => {
  const s = await scene(timelineSpec(timelineData(run.timeseries!, null), run.name, 1, 2));
  assert.is(s.counts.rule ?? 0, 0);
});

test('timeline renders to SVG and a tall PNG', async () => {
  const svg = await specToSvg(spec);
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 1200 && width < 4000, `width ${width}`);
  assert.ok(height > 1500 && height < 8000, `height ${height}`);
  assert.ok(inkFraction(svg) > 0.02);
});

test.run();
