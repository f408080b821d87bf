/**
 * sweep.csv and sweep.json (the architecture's sweep contract). A CSV row is one grid point: the
 * swept paths as columns named by their path, then the RunSummary's numbers flattened with dots
 * (`makespan_s.mean`, `latency_s.total.p95`, a ci95 pair as `ci95_lo`, `ci95_hi`). Wall-clock
 * fields (engine.wall_s, engine.events_per_s) stay out of the CSV so that it is byte-identical
 * however and wherever the runs ran; sweep.json keeps the whole summary.
 */
import type { RunSummary } from '../results/summary.ts';
import type { GridAxis, GridPoint } from './grid.ts';

export interface SweepPoint { settings: Record<string, unknown>; summary: RunSummary; run_dir?: string }
export interface SweepDocument { sweep: string; grid: Record<string, unknown[]>; points: SweepPoint[] }

/** Not statistics of the runs (identity, strings, machine speed). */
const SKIP = new Set(['scenario', 'seeds', 'reason', 'meta', 'engine.wall_s', 'engine.events_per_s']);

/** [column, value] pairs of a summary, in the summary's own key order. */
export function flattenSummary(s: RunSummary): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (v: unknown, key: string) => {
    if (SKIP.has(key)) return;
    if (Array.isArray(v) && key.endsWith('ci95') && v.length === 2) {
      out.push([`${key}_lo`, v[0]], [`${key}_hi`, v[1]]);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k);
    } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
      out.push([key, v]);
    }
  };
  walk(s, '');
  return out;
}

/** RFC 4180: quote a cell holding a comma, quote or newline. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(axes: readonly GridAxis[], points: readonly SweepPoint[]): string {
  const statColumns: string[] = [];
  const rows = points.map((p) => new Map(flattenSummary(p.summary)));
  for (const r of rows) for (const k of r.keys()) if (!statColumns.includes(k)) statColumns.push(k);
  const header = [...axes.map((a) => a.path), ...statColumns];
  const lines = points.map((p, i) => [...axes.map((a) => csvCell(p.settings[a.path])), ...statColumns.map((c) => csvCell(rows[i]!.get(c)))].join(','));
  return [header.map(csvCell).join(','), ...lines].join('\n') + '\n';
}

export function sweepDocument(name: string, axes: readonly GridAxis[], points: readonly GridPoint[], summaries: readonly RunSummary[], runDirs?: readonly string[]): SweepDocument {
  return {
    sweep: name,
    grid: Object.fromEntries(axes.map((a) => [a.path, a.values])),
    points: points.map((p, i) => ({ settings: p.settings, summary: summaries[i]!, ...(runDirs ? { run_dir: runDirs[i]! } : {}) })),
  };
}
