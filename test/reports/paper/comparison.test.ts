import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithPaper } from '../../../reports/paper/comparison.ts';
import { loadRun, type RunData } from '../../../reports/run-dir/load-run.ts';
import type { RunMeta, RunSummary } from '../../../reports/run-dir/types.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');
const stat = (mean: number, sd = 0) => ({ mean, sd, min: mean, max: mean });

function run(meta: RunMeta, summary: Partial<RunSummary> = {}): RunData {
  return { dir: 'x', name: 'x', meta, images: null, timeseries: null, events: null, summary: { scenario: 'x', replications: 1, ...summary, meta } };
}

const headlineMeta: RunMeta = { era: '2020', images: 1_000_000, gpu_max: 8, zones: 2, arrival: { kind: 'paced', start_delay_s: 0.5 } };

test('the 2020 / 1M / 8 GPU / 0.5 s run is compared with ~5.5 h and ~$250', () => {
  const rows = compareWithPaper(run(headlineMeta, { makespan_s: stat(6 * 3600), cost_usd: { total: stat(240) } }));
  const time = rows.find((r) => r.quantity === 'Total processing time')!;
  assert.is(time.unit, 'h');
  assert.is(time.sim, 6);
  assert.is(time.paper, '~5.5');
  assert.ok(Math.abs(time.ratio - 6 / 5.5) < 1e-12);
  assert.is(time.verdict, 'close'); // 9 % off, within the paper's rounding
  const cost = rows.find((r) => r.quantity === 'Total cost' && r.paper === '~250')!;
  assert.is(cost.ratio, 240 / 250);
  const cheap = rows.find((r) => r.paper === '< 100')!;
  assert.is(cheap.verdict, 'misses claim');
});

test('a far-off headline value is flagged, not called close', () => {
  const rows = compareWithPaper(run(headlineMeta, { makespan_s: stat(11 * 3600) }));
  assert.is(rows.find((r) => r.quantity === 'Total processing time')!.verdict, 'off');
});

test('other cells do not match the headline: 4 GPUs, 5 s/zip, 2019, or 100k images', () => {
  const variants: RunMeta[] = [
    { ...headlineMeta, gpu_max: 4 },
    { ...headlineMeta, arrival: { kind: 'paced', start_delay_s: 5 } },
    { ...headlineMeta, era: '2019' },
    { ...headlineMeta, images: 100_000 },
  ];
  for (const m of variants) {
    const rows = compareWithPaper(run(m, { makespan_s: stat(3600), cost_usd: { total: stat(100) } }));
    assert.not.ok(rows.some((r) => r.paper === '~5.5'), JSON.stringify(m));
  }
});

test('an upload-limited run at 2.4 Gbps matches the 0.5 s cell through its upload speed', () => {
  const rows = compareWithPaper(run({ ...headlineMeta, arrival: { kind: 'upload', bandwidth_bps: 2.4e9 }, upload_bps: 2.4e9 }, { makespan_s: stat(5.5 * 3600) }));
  assert.ok(rows.some((r) => r.paper === '~5.5'));
});

test('the tiny 2020 10k run: 65 min inside 60-75 min, 6 images/s inside 5-10, p99 histogram bounds', async () => {
  const rows = compareWithPaper(await loadRun(TINY));
  const tenK = rows.find((r) => r.paper === '60–75')!;
  assert.is(tenK.sim, 65);
  assert.is(tenK.verdict, 'within range');
  assert.is(tenK.ratio, 65 / 67.5);
  assert.is(rows.find((r) => r.quantity.startsWith('Inference speed'))!.verdict, 'within range');
  const serving = rows.find((r) => r.quantity.startsWith('Serving'))!;
  assert.is(serving.paper, '0–8', '1 GPU: the 0-8 s panel');
  assert.ok(Math.abs(serving.sim - 9.91) < 1e-9);
  assert.is(serving.verdict, 'outside range');
  const egress = rows.find((r) => r.quantity === 'Network egress')!;
  assert.is(egress.reference, 1.65); // 0.01 x 0.5 x 10,000 x 3 x 0.011010048 = 1.6515
});

test('a run outside every cell gets only the generic rows it has data for', () => {
  assert.equal(compareWithPaper(run({ era: '2019', images: 5000 })), []);
});

test.run();
