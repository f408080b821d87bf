import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { figS1Curves, figS1Points, figS1Spec } from '../../../reports/charts/figS1-optimal-gpus.ts';
import { optimalGpus } from '../../../reports/paper/optimal-gpus.ts';
import { specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';
import { fakeGrid, fakeRun } from '../../fixtures/reports/fake-runs.ts';

test('Fig. S1 curves follow the analytic optimum for the benchmark upload speeds', () => {
  const curves = figS1Curves([]);
  assert.equal([...new Set(curves.map((c) => c.upload))], ['100 Mbps', '240 Mbps', '1 Gbps', '2.4 Gbps']);
  for (const c of curves) assert.is(c.gpus, optimalGpus(c.upload_bps / 1e6, c.images_per_s));
  assert.is(curves.find((c) => c.upload === '2.4 Gbps' && c.images_per_s === 5)!.gpus, 43);
});

test('Fig. S1 adds the upload speed of a run that is not among the defaults', () => {
  const curves = figS1Curves([fakeRun({ images: 1e4, gpuMax: 2, delay: 2, minutes: 10 })]); // 150 MB / 2 s = 600 Mbps
  assert.ok(curves.some((c) => c.upload === '600 Mbps'));
});

test('Fig. S1 simulated optimum: smallest GPU max within 5 % of the fastest run', () => {
  const pts = figS1Points(fakeGrid()); // 1 GPU: 100 %, 4 GPUs: 40 %, 8 GPUs: 39 % of the time
  const optima = pts.filter((p) => p.kind === 'simulated optimum');
  assert.is(optima.length, 2, 'one per dataset size');
  assert.ok(optima.every((p) => p.gpus === 4));
  assert.is(pts.filter((p) => p.kind === 'run (GPU max)').length, 6);
});

test('Fig. S1 draws step curves and the simulated points', async () => {
  const curves = figS1Curves(fakeGrid());
  const points = figS1Points(fakeGrid());
  const s = await scene(figS1Spec(curves, points));
  assert.is(s.counts.line, curves.length);
  assert.is(s.counts.symbol, points.length);
  assert.ok(s.texts.includes('Optimal GPU count (log scale)'));
});

test('Fig. S1 renders to SVG and PNG', async () => {
  const svg = await specToSvg(figS1Spec(figS1Curves([]), []));
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 800 && width < 3000 && height > 500 && height < 2000, `${width}x${height}`);
  assert.ok(inkFraction(svg) > 0.02);
});

test.run();
