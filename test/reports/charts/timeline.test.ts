import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRun } from '../../../reports/run-dir/load-run.ts';
import { colorsFor, isDesired, ordinal, rampUpEnd, SERIES_COLORS, throughputFromCompleted, timelineData, timelineSpec, timeUnitFor, TIMELINE_PANELS } from '../../../reports/charts/timeline.ts';
import { toVega, specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');
const run = await loadRun(TINY);
const data = timelineData(run.timeseries!, run.events);
const spec = timelineSpec(data, run.name, 1, 2);

test('timeline panels only for columns present; unknown columns ignored', () => {
  assert.equal(data.panels.map((p) => p.id), ['image-queue', 'queues', 'serving', 'gpu-nodes', 'gpu', 'throughput', 'completed', 'cost']);
  assert.not.ok(data.rows.some((r) => r.series.includes('mystery')));
  assert.equal(data.panels[0]!.columns.map(([c]) => c), ['queue_image'], 'the image queue (thousands) has a panel of its own');
  assert.equal(data.panels[1]!.columns.map(([c]) => c), ['queue_zip']);
  assert.equal(data.panels.find((p) => p.id === 'gpu-nodes')!.columns.map(([c]) => c), ['nodes_gpu'], 'GPU nodes apart from CPU nodes');
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
  for (const t of ['Image queue', 'TF-Serving pods by state', 'GPU nodes', 'GPU utilisation', 'Cumulative cost', 'preemption', 'pod restart', 'pod crash']) {
    assert.ok(s.texts.includes(t), t);
  }
  assert.ok(s.texts.some((t) => t.includes('1 preemption, 1 pod crash, 2 pod restarts')));
});

test('one colour per meaning on every panel; targets dashed', () => {
  assert.equal(colorsFor(['image queue', 'zip queue']), colorsFor(['image consumers', 'zip consumers']), 'images and zips keep their colours across panels');
  assert.is(SERIES_COLORS['pending'], SERIES_COLORS['pending (no node)']);
  assert.is(SERIES_COLORS['GPU nodes'], SERIES_COLORS['ready'], 'GPU nodes and serving pods both blue');
  assert.is.not(SERIES_COLORS['GPU nodes'], SERIES_COLORS['CPU nodes']);
  const labels = TIMELINE_PANELS.flatMap((p) => [...p.columns, ...(p.lines ?? [])].map(([, l]) => l));
  assert.equal(labels.filter((l) => !SERIES_COLORS[l]), [], 'every series has a fixed colour');
  assert.ok(isDesired('image consumers desired') && !isDesired('image consumers'));
});

test('the ramp-up is found and shaded: until the first serving pod is ready, else the first GPU node', async () => {
  assert.equal(rampUpEnd([{ t: 0, pods_serving_ready: 0 }, { t: 30, pods_serving_ready: 0 }, { t: 60, pods_serving_ready: 1 }]), { t: 60, what: 'first TF-Serving pod ready' });
  assert.equal(rampUpEnd([{ t: 0, nodes_gpu: 0 }, { t: 45, nodes_gpu: 2 }]), { t: 45, what: 'first GPU node up' });
  assert.is(rampUpEnd([{ t: 0, nodes_gpu: 0 }]), null);
  const rows = [{ t: 0, pods_serving_ready: 0, queue_image: 5 }, { t: 600, pods_serving_ready: 1, queue_image: 3 }, { t: 1200, pods_serving_ready: 1, queue_image: 0 }];
  const d = timelineData({ replication: 1, replications: [1], columns: ['pods_serving_ready', 'queue_image'], rows, rawRows: 3 }, null);
  assert.is(d.rampUp, 10, 'minutes');
  const sc = await scene(timelineSpec(d, 'x', 1, 1));
  assert.is(sc.counts.rect, d.panels.length, 'one shaded ramp-up per panel');
  assert.ok(sc.texts.some((t) => t.includes('ramp-up: first TF-Serving pod ready at 10.0 min')));
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
