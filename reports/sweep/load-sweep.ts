/**
 * Reads a sweep directory (written by `kiosk-sim sweep FILE --grid ... --out DIR`) and checks it before any chart is
 * drawn: sweep.json has the contract's shape (zod), every point sets exactly the swept paths to values of the grid,
 * the points are the whole cartesian product (a partial sweep is refused, not drawn with holes), sweep.csv has one
 * whole row per point, and the per-point run directories it names (`--keep runs`) exist. Each problem is one
 * RunDirError naming the file and what was expected, which the CLI turns into exit code 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SWEEP_MARKER } from '../../sim/sweep/outDir.ts';
import { RunDirError } from '../run-dir/validate.ts';
import { describeFirstIssue, reportedSummarySchema, statSchema } from '../run-dir/validate.ts';

const limitedBy = z.array(z.looseObject({ cause: z.string(), detail: z.string().optional() }));

/** The summary fields a sweep report reads, on top of those a run report reads. */
const sweepSummarySchema = reportedSummarySchema.extend({
  latency_s_across_replications: z.record(z.string(), z.record(z.string(), statSchema)).optional(),
  limited_by: limitedBy.optional(),
  warnings: z.array(z.string()).optional(),
});

export const sweepDocumentSchema = z.looseObject({
  sweep: z.string(),
  grid: z.record(z.string(), z.array(z.unknown()).min(1)),
  points: z.array(z.looseObject({ settings: z.record(z.string(), z.unknown()), summary: sweepSummarySchema, run_dir: z.string().optional() })).min(1),
});

export type SweepSummary = z.infer<typeof sweepSummarySchema>;
export interface SweepAxis { path: string; values: unknown[] }
export interface LoadedPoint { index: number; settings: Record<string, unknown>; summary: SweepSummary; runDir?: string }
export interface LoadedSweep { dir: string; name: string; axes: SweepAxis[]; points: LoadedPoint[] }

/** `.NAME.partial-PID-TIME`: the temporary sibling a sweep writes before renaming it into place. */
const TEMPORARY_DIR = /\.partial-\d+(-\d+)?$/;

/** A directory `kiosk-sim report` should read as a sweep: it has sweep.json or the sweep marker. */
export function isSweepDir(dir: string): boolean {
  return existsSync(path.join(dir, 'sweep.json')) || existsSync(path.join(dir, SWEEP_MARKER));
}

/** Values compare as JSON, as the grid wrote them (1 and "1" differ; objects compare by content). */
const key = (v: unknown) => JSON.stringify(v);
export const settingLabel = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Data rows of a CSV file and whether its last line is whole (ends with a newline). */
function csvRows(file: string): { header: string; rows: number; whole: boolean } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const whole = text.endsWith('\n');
  if (whole) lines.pop();
  return { header: lines[0] ?? '', rows: Math.max(0, lines.filter((l) => l.trim() !== '').length - 1), whole };
}

function checkPoints(file: string, axes: readonly SweepAxis[], points: readonly LoadedPoint[]): void {
  const paths = axes.map((a) => a.path);
  const seen = new Set<string>();
  for (const p of points) {
    const at = `${file}: points[${p.index}].settings`;
    const got = Object.keys(p.settings);
    const missing = paths.filter((x) => !got.includes(x));
    const extra = got.filter((x) => !paths.includes(x));
    if (missing.length || extra.length) {
      throw new RunDirError(`${at}: expected exactly the swept settings ${paths.join(', ')}, found ${got.join(', ') || 'none'}${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
    }
    for (const a of axes) {
      if (!a.values.some((v) => key(v) === key(p.settings[a.path]))) {
        throw new RunDirError(`${at}.${a.path}: expected one of the grid's values ${a.values.map(settingLabel).join(', ')}, found ${key(p.settings[a.path])}`);
      }
    }
    const combination = key(paths.map((x) => p.settings[x]));
    if (seen.has(combination)) throw new RunDirError(`${at}: the grid point ${paths.map((x) => `${x}=${settingLabel(p.settings[x])}`).join(', ')} appears twice`);
    seen.add(combination);
  }
  const product = axes.reduce((n, a) => n * a.values.length, 1);
  if (points.length !== product) {
    throw new RunDirError(`${file}: ${points.length} points, but the grid's cartesian product has ${product} (${axes.map((a) => a.values.length).join(' x ')}); the sweep is partial: run it again`);
  }
}

/** Reads and checks DIR/sweep.json, DIR/sweep.csv and any per-point run directories. */
export function loadSweep(dir: string): LoadedSweep {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RunDirError(`${dir}: not a sweep directory (it does not exist)`);
  if (TEMPORARY_DIR.test(path.resolve(dir))) {
    throw new RunDirError(`${dir}: is the temporary directory of a sweep that did not finish (kiosk-sim renames it into place when every run is done); run the sweep again`);
  }
  const file = path.join(dir, 'sweep.json');
  if (!existsSync(file)) throw new RunDirError(`${dir}: no sweep.json (expected the output of \`kiosk-sim sweep FILE --grid ... --out ${dir}\`)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RunDirError(`${file}: not valid JSON (${(e as Error).message}); the file is truncated or was altered`);
  }
  const parsed = sweepDocumentSchema.safeParse(data);
  if (!parsed.success) throw new RunDirError(`${describeFirstIssue(file, data, parsed.error)} (is this a sweep.json written by \`kiosk-sim sweep\`?)`);
  const doc = parsed.data;
  const axes = Object.entries(doc.grid).map(([p, values]) => ({ path: p, values }));
  if (axes.length === 0) throw new RunDirError(`${file}: grid: expected at least one swept setting, found none`);
  const points = doc.points.map((p, index) => ({ index, settings: p.settings, summary: p.summary, runDir: p.run_dir }));
  checkPoints(file, axes, points);

  const csv = path.join(dir, 'sweep.csv');
  if (!existsSync(csv)) throw new RunDirError(`${csv}: missing; the sweep directory is incomplete`);
  const shape = csvRows(csv);
  const expectedHeader = axes.map((a) => (/[",\n]/.test(a.path) ? `"${a.path.replace(/"/g, '""')}"` : a.path)).join(',');
  if (!shape.header.startsWith(expectedHeader)) throw new RunDirError(`${csv}: expected the swept settings ${axes.map((a) => a.path).join(', ')} as its first columns, found ${JSON.stringify(shape.header.slice(0, 80))}`);
  if (shape.rows !== points.length || !shape.whole) {
    throw new RunDirError(`${csv}: ${shape.rows} data rows${shape.whole ? '' : ' (the last one cut off)'}, but sweep.json has ${points.length} points; the file is truncated or was altered`);
  }
  for (const p of points) {
    if (p.runDir === undefined) continue;
    const summary = path.join(dir, p.runDir, 'summary.json');
    if (!existsSync(summary)) throw new RunDirError(`${summary}: missing, but sweep.json points[${p.index}].run_dir names ${p.runDir}; the sweep directory is incomplete`);
  }
  return { dir, name: doc.sweep, axes, points };
}
