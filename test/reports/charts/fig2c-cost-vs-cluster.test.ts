import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fig2cData, fig2cSpec } from '../../../reports/charts/fig2c-cost-vs-cluster.ts';
import { specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';
import { configsOf, fakeGrid, fakeRun } from '../../fixtures/reports/fake-runs.ts';

test('Fig. 2c data: four components per bar; data costs fall back to storage + operations', () => {
  const rows = fig2cData(configsOf([fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 60, costs: [2, 3, 0.5, 4] })]));
  assert.equal(rows.map((r) => r.component), ['Data costs', 'GPU node cost', 'CPU node cost', 'Network egress']);
  assert.equal(rows.map((r) => r.usd), [2, 3, 0.5, 4]);
  assert.ok(rows.every((r) => r.total === 9.5));
  assert.is(rows.filter((r) => r.label_row).length, 1);
});

test('Fig. 2c draws stacked bars per component, one total label and one error bar per cluster size', async () => {
  const s = await scene(fig2cSpec(fig2cData(configsOf(fakeGrid()))));
  assert.is(s.counts.rect, 24); // 2 series x 3 GPU max x 4 components
  assert.is(s.counts.text, 6);
  assert.is(s.counts.rule, 6);
  for (const t of ['Data costs', 'GPU node cost', 'CPU node cost', 'Network egress', 'Cost (USD)']) assert.ok(s.texts.includes(t), t);
  for (const c of ['Data costs', 'GPU node cost', 'CPU node cost', 'Network egress']) {
    assert.is(s.data.rect!.filter((d) => d.component === c).length, 6, `${c}: one segment per bar`);
  }
  assert.is(s.data.rect!.filter((d) => d.gpu_max === 1).length, 8, 'GPU max 1: 2 panels x 4 segments');
});

test('Fig. 2c renders to SVG and PNG', async () => {
  const svg = await specToSvg(fig2cSpec(fig2cData(configsOf(fakeGrid()))));
  const { width, height } = pngSize(svgToPng(svg, 2));
  assert.ok(width > 800 && width < 4000 && height > 500 && height < 2000, `${width}x${height}`);
  assert.ok(inkFraction(svg) > 0.05);
});

test.run();
