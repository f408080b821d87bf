import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as vega from 'vega';
import { estimateTextWidth, installTextMetrics } from '../../../reports/render/text-metrics.ts';

test('DejaVu-aware widths: digits 0.636 em, narrow letters narrower, bold wider', () => {
  assert.ok(Math.abs(estimateTextWidth('0000', 10) - 25.44) < 1e-9);
  assert.ok(estimateTextWidth('iiii', 10) < estimateTextWidth('mmmm', 10));
  assert.ok(estimateTextWidth('Total', 12, true) > estimateTextWidth('Total', 12));
  // A 40-character legend label at 11 px: vega's fallback says 0.8 em x 40 = 352 px; DejaVu is ~0.6 em
  const w = estimateTextWidth('2020 · 100k images · 0.5 s/zip (2.4 Gbps)', 11);
  assert.ok(w > 200 && w < 300, `${w}`);
});

test('installTextMetrics replaces vega\'s 0.8 em estimate and handles multi-line text', () => {
  installTextMetrics();
  const tm = (vega as unknown as { textMetrics: { width: (item: object, text?: unknown) => number } }).textMetrics;
  assert.ok(Math.abs(tm.width({ fontSize: 10 }, '0000') - 25.44) < 1e-9);
  assert.ok(Math.abs(tm.width({ fontSize: 10, text: ['00', '0000'] }) - 25.44) < 1e-9);
});

test.run();
