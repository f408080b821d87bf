import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acfPeak, autocorrelation, fig2aPeriodicitySpec, servingHistogram } from '../../../reports/charts/fig2a-periodicity.ts';
import { toVega } from '../../../reports/render/svg.ts';
import { scene } from '../../fixtures/reports/chart-check.ts';

test('servingHistogram: 1 s bins below the range, NaN (unfinished) skipped, retried images counted apart', () => {
  const h = servingHistogram([0.5, 1.2, 1.9, NaN, 25, 59.9, 60], [0, 1, 0, 0, 2, 0, 0], 1, 60);
  assert.is(h.all.length, 60);
  assert.equal([h.all[0], h.all[1], h.all[25], h.all[59]], [1, 2, 1, 1]);
  assert.is(h.all.reduce((a, b) => a + b, 0), 5, '60 s is outside [0, 60)');
  assert.equal([h.retried[1], h.retried[25]], [1, 1]);
});

test('autocorrelation: 1 at lag 0, a period-4 square wave peaks at lag 4 and is -1 at lag 2', () => {
  const x = Array.from({ length: 400 }, (_, k) => (k % 4 < 2 ? 1 : -1));
  const r = autocorrelation(x, 8);
  assert.is(r[0], 1);
  assert.ok(Math.abs(r[2]! + 1) < 0.02 && r[4]! > 0.98);
  assert.is(acfPeak(r, 3, 6)!.lag, 4);
  assert.equal(autocorrelation([2, 2, 2], 1), [0, 0]);
});

test('Fig. 2a periodicity chart compiles without warnings and draws the two reference rules', async () => {
  const histogram = servingHistogram([1, 2, 2, 3, 25, 26], [0, 0, 0, 1, 1, 1], 1, 40);
  const spec = fig2aPeriodicitySpec([{ label: 'run', histogram }], 20, 3);
  assert.equal(toVega(spec).warnings, []);
  const s = await scene(spec);
  assert.is(s.counts.rule, 2);
  for (const t of ['retry backoff 3 s', 'deadline + backoff 23 s', 'Serving response time (s)']) assert.ok(s.texts.includes(t), t);
});

test.run();
