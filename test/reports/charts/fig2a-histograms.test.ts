import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateImages } from '../../../reports/run-dir/images.ts';
import { histogramSorted } from '../../../reports/aggregate/histogram.ts';
import { fig2aData, fig2aSpec, FIG2A_PANELS } from '../../../reports/charts/fig2a-histograms.ts';
import { toVega, specToSvg } from '../../../reports/render/svg.ts';
import { svgToPng } from '../../../reports/render/png.ts';
import { inkFraction, pngSize, scene } from '../../fixtures/reports/chart-check.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');
const agg = await aggregateImages(path.join(TINY, 'images.csv'));

test('Fig. 2a compiles without warnings', () => {
  const { warnings } = toVega(fig2aSpec(agg, 'tiny'));
  assert.equal(warnings, []);
});

test('Fig. 2a draws one bar per histogram bin, a median and p99 rule per panel, and its titles', async () => {
  const bins = FIG2A_PANELS.reduce((s, p) => s + agg.metrics[p.metric].histogram.bins.length, 0);
  const s = await scene(fig2aSpec(agg, 'tiny'));
  assert.is(s.counts.rect, bins);
  assert.is(s.counts.rule, 6);
  const drawn = s.data.rect!.reduce((sum, d) => sum + (d.count as number), 0);
  assert.is(drawn, 30, 'ten images in each of three panels');
  for (const t of ['Data transfer', 'TF-Serving response', 'Post-processing', 'Images']) assert.ok(s.texts.includes(t), t);
  assert.ok(s.texts.some((t) => t.startsWith('median 5.50')), 'serving median label');
});

test('Fig. 2a says when a panel is constant and zooms a narrow spread instead of squashing it against 0', async () => {
  const constant = structuredClone(agg);
  constant.metrics.transfer.histogram = histogramSorted(Float64Array.from({ length: 30 }, () => 0.520448));
  const s = await scene(fig2aSpec(constant, 'tiny'));
  assert.ok(s.texts.includes('constant: every image 0.520 s (no spread to draw)'), s.texts.join(' | '));
  const narrow = structuredClone(agg);
  narrow.metrics.transfer.histogram = histogramSorted(Float64Array.from({ length: 300 }, (_, i) => 0.5 + (i % 30) / 1000));
  const spec = JSON.stringify(fig2aSpec(narrow, 'tiny'));
  assert.ok(spec.includes('"scale":{"zero":false,"nice":false}'), 'the transfer axis is not forced to 0');
  assert.ok(narrow.metrics.transfer.histogram.bins.length >= 8);
});

test('Fig. 2a data are the pre-binned histograms, never per-image rows', () => {
  const rows = fig2aData(agg);
  assert.ok(rows.every((r) => 'start' in r && 'end' in r && 'count' in r));
  assert.is(new Set(rows.map((r) => r.metric)).size, 3);
});

test('Fig. 2a renders to SVG and a PNG of sensible size with ink on it', async () => {
  const svg = await specToSvg(fig2aSpec(agg, 'tiny'));
  assert.ok(svg.startsWith('<svg'));
  assert.ok(svg.includes('Per-image time contributions'));
  const { width, height } = pngSize(svg2(svg));
  assert.ok(width > 1200 && width < 5000, `width ${width}`);
  assert.ok(height > 300 && height < 2000, `height ${height}`);
  const ink = inkFraction(svg);
  assert.ok(ink > 0.03 && ink < 0.6, `ink ${ink}`);
});

function svg2(svg: string) {
  return svgToPng(svg, 2);
}

test.run();
