import type { RunData } from '../run-dir/load-run.ts';
import { gpuMaxOf, imagesOf, makespanOf, startDelayOf, totalCostOf, uploadBpsOf, costComponentsOf } from '../run-dir/derived.ts';
import { PAPER, ZIP_BITS, paperDataCostUsd, paperNetworkEgressUsd } from './known-numbers.ts';

/** How a simulated value relates to the paper's. */
export type Verdict = 'close' | 'within range' | 'outside range' | 'off' | 'meets claim' | 'misses claim';

/** One line of the paper comparison table. */
export interface ComparisonRow {
  /** The paper cell or claim the run matched. */
  cell: string;
  quantity: string;
  unit: string;
  sim: number;
  /** The paper's value as printed ("~5.5", "60-75", "< 100"). */
  paper: string;
  /** The number the ratio divides by (a point value or a range's midpoint). */
  reference: number;
  /** sim / reference. */
  ratio: number;
  verdict: Verdict;
  source: string;
}

/** A ratio within ± this fraction of a "~" value counts as close: the paper rounds to two significant digits. */
export const CLOSE_TOLERANCE = 0.15;

const near = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.abs(b);

/** True when the run is the paper's 0.5 s-per-zip benchmark arrival (start delay, or the 2.4 Gbps it implies). */
function isDelay(run: RunData, delay: number): boolean {
  const d = startDelayOf(run);
  if (d !== undefined) return near(d, delay, 0.01);
  return near(uploadBpsOf(run), ZIP_BITS / delay, 0.05);
}

function point(cell: string, quantity: string, unit: string, sim: number, paper: number, source: string): ComparisonRow {
  const ratio = sim / paper;
  return { cell, quantity, unit, sim, paper: `~${paper}`, reference: paper, ratio, verdict: near(sim, paper, CLOSE_TOLERANCE) ? 'close' : 'off', source };
}

function range(cell: string, quantity: string, unit: string, sim: number, lo: number, hi: number, source: string): ComparisonRow {
  const mid = (lo + hi) / 2;
  return { cell, quantity, unit, sim, paper: `${lo}–${hi}`, reference: mid, ratio: sim / mid, verdict: sim >= lo && sim <= hi ? 'within range' : 'outside range', source };
}

function upTo(cell: string, quantity: string, unit: string, sim: number, bound: number, source: string): ComparisonRow {
  return { cell, quantity, unit, sim, paper: `0–${bound}`, reference: bound, ratio: sim / bound, verdict: sim <= bound ? 'within range' : 'outside range', source };
}

/**
 * Rows comparing one run with every paper cell or claim it matches (sim/model/REFERENCE.md "Known numbers"); empty when
 * none applies. Quantities the run lacks are left out rather than guessed.
 */
export function compareWithPaper(run: RunData): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const images = imagesOf(run);
  const gpuMax = gpuMaxOf(run);
  const era = run.meta.era;
  const makespan = makespanOf(run).mean;
  const cost = totalCostOf(run).mean;
  const src = 'sim/model/REFERENCE.md, Known numbers';

  const h = PAPER.headline;
  if (era === h.era && images === h.images && gpuMax === h.gpuMax && isDelay(run, h.startDelay_s)) {
    const cell = `${h.era}, 1M images, ${h.gpuMax} GPUs, ${h.startDelay_s} s/zip`;
    if (Number.isFinite(makespan)) rows.push(point(cell, 'Total processing time', 'h', makespan / 3600, h.makespan_h, src));
    if (Number.isFinite(cost)) rows.push(point(cell, 'Total cost', 'USD', cost, h.cost_usd, src));
  }
  if (images === PAPER.cheapMillion.images && Number.isFinite(cost)) {
    const bound = PAPER.cheapMillion.cost_usd_below;
    rows.push({
      cell: '1M images, best configuration', quantity: 'Total cost', unit: 'USD', sim: cost, paper: `< ${bound}`, reference: bound,
      ratio: cost / bound, verdict: cost < bound ? 'meets claim' : 'misses claim', source: `${src} ("below $100 achievable depending on configuration")`,
    });
  }
  const tk = PAPER.tenK;
  if (era === tk.era && images === tk.images && Number.isFinite(makespan)) {
    rows.push(range('2020, 10k images (GPU count unstated)', 'Total processing time', 'min', makespan / 60, tk.makespan_min[0], tk.makespan_min[1], `${src} (kiosk issue, 2020)`));
  }
  const speed = run.meta.gpu_images_per_s;
  if (speed !== undefined && Number.isFinite(speed)) {
    rows.push(range('any run, megapixel images', 'Inference speed per GPU (profile)', 'images/s', speed, PAPER.perGpuSpeed.images_per_s[0], PAPER.perGpuSpeed.images_per_s[1], src));
  }
  const m = run.images?.metrics;
  if (m) {
    const r = PAPER.histogramRange_s;
    const fig = 'Fig. 2a histogram range';
    if (m.transfer.quantiles.count) rows.push(upTo(fig, 'Data transfer time, p99', 's', m.transfer.quantiles.p99, r.transfer, src));
    if (m.serving.quantiles.count && Number.isFinite(gpuMax)) {
      const bound = gpuMax <= 1 ? r.serving1Gpu : r.servingManyGpu;
      rows.push(upTo(`${fig} (${gpuMax <= 1 ? '1 GPU' : '4–8 GPUs'})`, 'Serving response time, p99', 's', m.serving.quantiles.p99, bound, src));
    }
    if (m.postprocess.quantiles.count) rows.push(upTo(fig, 'Post-processing time, p99', 's', m.postprocess.quantiles.p99, r.postprocess, src));
  }
  const zones = run.meta.zones;
  const parts = run.summary.cost_usd ? costComponentsOf(run) : null;
  if (parts && Number.isFinite(images) && zones !== undefined && zones > 1) {
    const method = 'sim/model/REFERENCE.md, Cost methodology (derived)';
    rows.push(point(`paper cost method, ${zones} zones`, 'Network egress', 'USD', parts['Network egress'], round2(paperNetworkEgressUsd(images, zones)), method));
  }
  if (parts && Number.isFinite(images) && Number.isFinite(makespan)) {
    const method = 'sim/model/REFERENCE.md, Cost methodology (derived)';
    rows.push(point('paper cost method', 'Data costs (storage, operations, storage egress)', 'USD', parts['Data costs'], round2(paperDataCostUsd(images, makespan / 60)), method));
  }
  return rows;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
