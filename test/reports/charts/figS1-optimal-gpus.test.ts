import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { figS1Curves, figS1Domain, figS1Points, figS1Spec } from '../../../reports/charts/figS1-optimal-gpus.ts';
import { optimalGpus } from '../../../reports/paper/optimal-gpus.ts';
import { specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';
import { configsOf, fakeGrid, fakeRun } from '../../fixtures/reports/fake-runs.ts';

test('Fig. S1 curves follow the analytic optimum for the benchmark upload speeds', () => {
  const curves = figS1Curves([]);
  assert.equal([...new Set(curves.map((c) => c.upload))], ['100 Mbps', '240 Mbps', '1 Gbps', '2.4 Gbps']);
  for (const c of curves) assert.is(c.gpus, optimalGpus(c.upload_bps / 1e6, c.images_per_s));
  assert.is(curves.find((c) => c.upload === '2.4 Gbps' && c.images_per_s === 5)!.gpus, 43);
});

test('Fig. S1 adds the upload speed of a run that is not among the defaults', () => {
  const curves = figS1Curves(configsOf([fakeRun({ images: 1e4, gpuMax: 2, delay: 2, minutes: 10 })])); // 150 MB / 2 s = 600 Mbps
  assert.ok(curves.some((c) => c.upload === '600 Mbps'));
});

test('Fig. S1 simulated optimum: smallest GPU max within 5 % of the fastest run', () => {
  const pts = figS1Points(configsOf(fakeGrid())); // 1 GPU: 100 %, 4 GPUs: 40 %, 8 GPUs: 39 % of the time
  const optima = pts.filter((p) => p.kind === 'simulated optimum');
  assert.is(optima.length, 2, 'one per dataset size');
  assert.ok(optima.every((p) => p.gpus === 4));
  assert.is(pts.filter((p) => p.kind === 'run (GPU max)').length, 6);
});

test('Fig. S1 draws step curves and the simulated points', async () => {
  const curves = figS1Curves(configsOf(fakeGrid()));
  const points = figS1Points(configsOf(fakeGrid()));
  const s = await scene(figS1Spec(curves, points));
  const d = figS1Domain(curves, points);
  assert.is(s.counts.line, curves.filter((c) => c.images_per_s >= d.x[0] && c.images_per_s <= d.x[1] && c.gpus <= d.y[1]).length);
  assert.is(s.counts.symbol, points.length);
  assert.is(s.data.symbol!.filter((p) => p.kind === 'simulated optimum').length, 2, 'the simulated optima are drawn');
  assert.ok(s.texts.includes('GPU count (log scale)'));
});

test('Fig. S1 fits its axes to the simulated points', () => {
  const points = figS1Points(configsOf(fakeGrid())); // 7.5 images/s per GPU, GPU max 1-8, 2.4 Gbps
  const d = figS1Domain(figS1Curves(configsOf(fakeGrid())), points);
  assert.equal(d.x, [3.75, 15]);
  for (const p of points) assert.ok(p.images_per_s >= d.x[0] && p.images_per_s <= d.x[1] && p.gpus >= d.y[0] && p.gpus <= d.y[1]);
  // the 2.4 Gbps curve at 3.75 images/s: round(2400 / (3.75 x 11.0592) - 0.5) = 57 GPUs, so the axis ends at 1.5 x 57
  assert.is(d.y[1], 1.5 * optimalGpus(2400, 3.75));
  assert.equal(figS1Domain(figS1Curves([]), []).x, [1, 20], 'no points: the paper’s whole speed range');
});

test('Fig. S1 renders to SVG and PNG', async () => {
  const svg = await specToSvg(figS1Spec(figS1Curves([]), []));
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 800 && width < 3000 && height > 500 && height < 2000, `${width}x${height}`);
  assert.ok(inkFraction(svg) > 0.02);
});

test.run();
