/**
 * The search space: each searched setting's values (a list, an integer range "a..b", or one value),
 * as --set overrides. The candidates are the cartesian product, the first setting varying slowest
 * (the sweep's order: sim/sweep/grid.ts).
 */
import { stringify } from 'yaml';
import type { GridAxis } from '../sweep/grid.ts';

/** The integers a..b of a range text, or undefined when the text is not a range. */
export function rangeOf(text: string): number[] | undefined {
  const m = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (b < a) return [];
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** A value as one --set value text (flow YAML, one line). */
export const overrideText = (v: unknown): string => (typeof v === 'string' ? v : stringify(v, { collectionStyle: 'flow' }).trim());

export function axisOf(path: string, raw: unknown): GridAxis {
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' && rangeOf(raw) ? rangeOf(raw)! : [raw];
  return { path, values, texts: values.map(overrideText) };
}

/** The setting the planner treats as monotone: more GPU nodes allowed never makes the makespan longer. */
export const GPU_MAX_PATH = 'cluster.pools.gpu.max';
