import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fig2bData, fig2bHasLines, fig2bReferences, fig2bSpec } from '../../../reports/charts/fig2b-time-vs-gpu.ts';
import { toVega, specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';
import { configsOf, fakeGrid, fakeRun } from '../../fixtures/reports/fake-runs.ts';

test('Fig. 2b data: one point per series and GPU max, minutes, error bars = mean ± sd', () => {
  const rows = fig2bData(configsOf(fakeGrid()));
  assert.is(rows.length, 6);
  assert.is(new Set(rows.map((r) => r.series)).size, 2);
  const r = rows.find((x) => x.images === 10_000 && x.gpu_max === 4)!;
  assert.is(r.minutes, 24);
  assert.ok(Math.abs(r.lo - 22.8) < 1e-9 && Math.abs(r.hi - 25.2) < 1e-9);
  assert.is(r.series, 'workload.images=10000');
  assert.is(r.configuration, 'workload.images=10000, cluster.pools.gpu.max=4');
});

test('Fig. 2b pools two run directories of one configuration (seeds aside) as one set of replications', () => {
  const a = fakeRun({ images: 10_000, gpuMax: 4, delay: 0.5, minutes: 10, sdMinutes: 0, replications: 1, seed: 1 });
  const b = fakeRun({ images: 10_000, gpuMax: 4, delay: 0.5, minutes: 20, sdMinutes: 0, replications: 1, seed: 2 });
  const rows = fig2bData(configsOf([a, b]));
  assert.is(rows.length, 1);
  const [row] = rows;
  assert.is(row!.minutes, 15);
  assert.ok(Math.abs(row!.sd_minutes - Math.SQRT2 * 5) < 1e-9);
  assert.is(row!.replications, 2);
});

test('Fig. 2b never pools runs whose configurations differ: another policy is another point and another line', () => {
  const runs = [1, 4].flatMap((gpuMax) => ['kiosk', 'keda'].map((policy) => fakeRun({ images: 10_000, gpuMax, delay: 0.5, minutes: policy === 'keda' ? 30 : 20, replications: 1, policy })));
  const rows = fig2bData(configsOf(runs));
  assert.is(rows.length, 4);
  assert.equal([...new Set(rows.map((r) => r.series))].sort(), ['autoscaling.policy=keda', 'autoscaling.policy=kiosk']);
  assert.ok(rows.every((r) => r.replications === 1 && r.sd_minutes === 0));
  assert.ok(fig2bHasLines(rows));
  assert.not.ok(fig2bHasLines(rows.filter((r) => r.gpu_max === 4)), 'one GPU max: no lines to draw');
});

test('Fig. 2b draws the paper’s 10k band and headline point where a series matches them', async () => {
  const tenK = configsOf([1, 4, 8].map((gpuMax) => fakeRun({ images: 10_000, gpuMax, delay: 0.5, minutes: 60 / gpuMax })));
  const refs = fig2bReferences(tenK, fig2bData(tenK));
  assert.equal(refs.map((r) => [r.lo_minutes, r.hi_minutes, r.x0, r.x1]), [[60, 75, 1, 8]]);
  const million = configsOf([4, 8].map((gpuMax) => fakeRun({ images: 1_000_000, gpuMax, delay: 0.5, minutes: 2000 / gpuMax })));
  const mRefs = fig2bReferences(million, fig2bData(million));
  assert.equal(mRefs.map((r) => [r.gpu_max, r.lo_minutes]), [[8, 330]]);
  const s = await scene(fig2bSpec(fig2bData(million), mRefs));
  assert.ok(s.texts.some((t) => t.startsWith('paper: ~5.5 h')), 'the reference point is labelled');
  const twoSeries = configsOf([1, 8].flatMap((gpuMax) => ['kiosk', 'keda'].map((policy) => fakeRun({ images: 10_000, gpuMax, delay: 0.5, minutes: 30, policy }))));
  assert.is(fig2bReferences(twoSeries, fig2bData(twoSeries)).length, 1, 'two series of one paper cell share one band');
  const slow = configsOf([4, 8].map((gpuMax) => fakeRun({ images: 1_000_000, gpuMax, delay: 5, minutes: 2000 / gpuMax })));
  assert.equal(fig2bReferences(slow, fig2bData(slow)), [], 'no paper number for the 5 s million-image cell');
});

test('Fig. 2b lower error ends stay positive on the log axis', () => {
  const [row] = fig2bData(configsOf([fakeRun({ images: 1e4, gpuMax: 1, delay: 5, minutes: 10, sdMinutes: 30 })]));
  assert.ok(row!.lo > 0);
});

test('Fig. 2b compiles with a log y scale and draws lines, points and error bars', async () => {
  const spec = fig2bSpec(fig2bData(configsOf(fakeGrid())));
  const { spec: vg, warnings } = toVega(spec);
  assert.equal(warnings, []);
  assert.ok(JSON.stringify(vg.scales).includes('"type":"log"'));
  const s = await scene(spec);
  assert.is(s.counts.line, 6);
  assert.is(s.counts.symbol, 6);
  assert.is(s.counts.rule, 6, 'one error bar per point');
  assert.is(s.counts.rect, 12, 'two caps per error bar');
  assert.ok(s.texts.includes('Total processing time (min, log scale)'));
  assert.ok(s.texts.includes('workload.images=100000'), 'legend label not truncated');
});

test('Fig. 2b renders to SVG and PNG', async () => {
  const svg = await specToSvg(fig2bSpec(fig2bData(configsOf(fakeGrid()))));
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 800 && width < 3000 && height > 500 && height < 2000, `${width}x${height}`);
  assert.ok(inkFraction(svg) > 0.02);
});

test.run();
