/**
 * The answer a person ran the simulator for, before any chart: how long, how much (and for what), how fast, what
 * held the run back, which price table and whether the GPU speed was measured. Units follow the console summary
 * (`kiosk-sim run`): hours, USD, images/s.
 */
import type { Configuration } from '../configs/group.ts';
import { pooledCost, pooledMakespan } from '../configs/group.ts';
import { poolMeanSd, type MeanSd } from '../aggregate/pool-stats.ts';
import { costComponentsOf } from '../run-dir/derived.ts';
import type { RunData } from '../run-dir/load-run.ts';
import { fmt, type Table } from '../tables/table.ts';

/** What the page says for a field the run directory does not have (older runs, or not yet produced by `run`). */
export const NOT_RECORDED = 'not recorded by this run';

/** Dollars as the console prints them: always cents ("$225.86", "$1,204.50"). */
export const usd = (x: number) => (Number.isFinite(x) ? `$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)}` : '–');

const pm = (s: MeanSd, digits: number, scale = 1) =>
  s.n > 1 && s.sd > 0 ? `${fmt(s.mean / scale, digits)} ± ${fmt(s.sd / scale, digits)}` : fmt(s.mean / scale, digits);

/** Distinct non-empty texts of the runs, joined; NOT_RECORDED when no run has one. */
function distinct(runs: readonly RunData[], text: (r: RunData) => string | undefined): string {
  const seen = [...new Set(runs.map(text).filter((t): t is string => !!t))];
  return seen.length ? seen.join(' | ') : NOT_RECORDED;
}

export function limitedByText(run: RunData): string | undefined {
  const l = run.summary.limited_by;
  if (!Array.isArray(l) || l.length === 0) return undefined;
  return l.map((x) => (x.detail ? `${x.cause} (${x.detail})` : x.cause)).join('; ');
}

export function pricesText(run: RunData): string | undefined {
  const p = run.summary.prices;
  if (!p || typeof p.table !== 'string') return undefined;
  return p.date ? `${p.table} (prices of ${p.date})` : p.table;
}

/** "8.82 images/s per GPU, measured (profile paper-2020; source ...)"; provenance NOT_RECORDED when absent. */
export function gpuSpeedText(run: RunData): string {
  const speed = run.meta.gpu_images_per_s;
  const value = typeof speed === 'number' ? `${fmt(speed)} images/s per GPU` : 'speed unknown';
  const g = run.summary.gpu_speed;
  if (!g || (g.provenance !== 'measured' && g.provenance !== 'derived')) {
    return `${value}${run.meta.profile ? ` (profile ${run.meta.profile})` : ''}; measured or derived: ${NOT_RECORDED}`;
  }
  const profile = g.profile ?? run.meta.profile;
  const about = [profile ? `profile ${profile}` : '', g.source ? `source: ${g.source}` : ''].filter(Boolean).join('; ');
  return `${value}, ${g.provenance}${about ? ` (${about})` : ''}`;
}

function makespanText(c: Configuration): string {
  const mk = pooledMakespan(c);
  const unfinished = c.runs.filter((r) => r.summary.completed === false);
  const value = `${pm(mk, 2, 3600)} h`;
  if (unfinished.length === 0) return value;
  const why = [...new Set(unfinished.map((r) => r.summary.reason ?? 'time limit'))].join('; ');
  return `not reached (${why}); last result at ${value}`;
}

function costSplitText(c: Configuration): string {
  const weights = c.runs.map((r) => Math.max(1, r.summary.replications || 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = (k: keyof ReturnType<typeof costComponentsOf>) => c.runs.reduce((s, r, i) => s + costComponentsOf(r)[k] * weights[i]!, 0) / total;
  return `GPU nodes ${usd(mean('GPU node cost'))}, CPU nodes ${usd(mean('CPU node cost'))}, data ${usd(mean('Data costs'))}, inter-zone egress ${usd(mean('Network egress'))}`;
}

function throughputText(c: Configuration): string {
  const groups = c.runs.flatMap((r) => {
    const t = r.summary.throughput_images_per_s;
    return t && Number.isFinite(t.mean) ? [{ n: Math.max(1, r.summary.replications || 1), mean: t.mean, sd: t.sd ?? 0 }] : [];
  });
  if (groups.length === 0) return '–';
  return `${pm(poolMeanSd(groups), 2)} images/s`;
}

function replicationsText(c: Configuration): string {
  const n = c.runs.reduce((s, r) => s + Math.max(1, r.summary.replications || 1), 0);
  return c.runs.length > 1 ? `${n} (${c.runs.length} run directories pooled)` : String(n);
}

/** The answer's quantities, in the order the page lists them. */
export const ANSWER_QUANTITIES = [
  'Makespan', 'Cost', 'Cost split', 'Throughput', 'Limited by', 'Price table', 'GPU speed', 'Replications',
] as const;

/** One column per configuration, one row per quantity. */
export function answerTable(configs: readonly Configuration[]): Table {
  const cols = configs.map((c) => {
    const cost = pooledCost(c);
    return [
      makespanText(c),
      cost.n > 1 && cost.sd > 0 ? `${usd(cost.mean)} ± ${usd(cost.sd)}` : usd(cost.mean),
      costSplitText(c),
      throughputText(c),
      distinct(c.runs, limitedByText),
      distinct(c.runs, pricesText),
      distinct(c.runs, gpuSpeedText),
      replicationsText(c),
    ];
  });
  return {
    title: configs.length > 1 ? 'The answer, per configuration' : 'The answer',
    columns: ['', ...configs.map((c) => c.label)],
    rows: ANSWER_QUANTITIES.map((q, i) => [q, ...cols.map((col) => col[i]!)]),
  };
}
