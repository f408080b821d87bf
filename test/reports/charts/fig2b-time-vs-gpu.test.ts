import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fig2bData, fig2bSpec } from '../../../reports/charts/fig2b-time-vs-gpu.ts';
import { toVega, specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';
import { fakeGrid, fakeRun } from '../../fixtures/reports/fake-runs.ts';

test('Fig. 2b data: one point per series and GPU max, minutes, error bars = mean ± sd', () => {
  const rows = fig2bData(fakeGrid());
  assert.is(rows.length, 6);
  assert.is(new Set(rows.map((r) => r.series)).size, 2);
  const r = rows.find((x) => x.images === 10_000 && x.gpu_max === 4)!;
  assert.is(r.minutes, 24);
  assert.ok(Math.abs(r.lo - 22.8) < 1e-9 && Math.abs(r.hi - 25.2) < 1e-9);
  assert.is(r.series, '2020 · 10k images · 0.5 s/zip (2.4 Gbps)');
});

test('Fig. 2b pools two run directories of the same cell as one set of replications', () => {
  const a = fakeRun({ images: 10_000, gpuMax: 4, delay: 0.5, minutes: 10, sdMinutes: 0, replications: 1 });
  const b = fakeRun({ images: 10_000, gpuMax: 4, delay: 0.5, minutes: 20, sdMinutes: 0, replications: 1 });
  const [row] = fig2bData([a, b]);
  assert.is(row!.minutes, 15);
  assert.ok(Math.abs(row!.sd_minutes - Math.SQRT2 * 5) < 1e-9);
  assert.is(row!.replications, 2);
});

test('Fig. 2b lower error ends stay positive on the log axis', () => {
  const [row] = fig2bData([fakeRun({ images: 1e4, gpuMax: 1, delay: 5, minutes: 10, sdMinutes: 30 })]);
  assert.ok(row!.lo > 0);
});

test('Fig. 2b compiles with a log y scale and draws lines, points and error bars', async () => {
  const spec = fig2bSpec(fig2bData(fakeGrid()));
  const { spec: vg, warnings } = toVega(spec);
  assert.equal(warnings, []);
  assert.ok(JSON.stringify(vg.scales).includes('"type":"log"'));
  const s = await scene(spec);
  assert.is(s.counts.line, 6);
  assert.is(s.counts.symbol, 6);
  assert.is(s.counts.rule, 6, 'one error bar per point');
  assert.is(s.counts.rect, 12, 'two caps per error bar');
  assert.ok(s.texts.includes('Total processing time (min, log scale)'));
  assert.ok(s.texts.includes('2020 · 100k images · 0.5 s/zip (2.4 Gbps)'), 'legend label not truncated');
});

test('Fig. 2b renders to SVG and PNG', async () => {
  const svg = await specToSvg(fig2bSpec(fig2bData(fakeGrid())));
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 800 && width < 3000 && height > 500 && height < 2000, `${width}x${height}`);
  assert.ok(inkFraction(svg) > 0.02);
});

test.run();
