/**
 * The check on the bisection's assumption that more GPU nodes allowed never lengthen a run. It costs
 * no runs: the scan already evaluates the counts just above each group's smallest count meeting the
 * deadline, and every candidate shares the replication seeds (common random numbers), so replication
 * k of two counts of one group differ only in the count. A violation is a replication k that meets the
 * deadline at a count and misses it at a larger count of the same group.
 */
import { meetsTime, missesTime, type Outcome } from './evaluate.ts';
import type { Candidate, Goal } from './load.ts';
import { GPU_MAX_PATH } from './space.ts';

export interface Violation {
  /** The group's other settings. */
  settings: Record<string, unknown>;
  /** The smaller count, which meets the deadline on replication `replication` (0-based)... */
  fewer: number;
  /** ...and the larger count, which misses it on the same seed. */
  more: number;
  replication: number;
}

export interface MonotoneCheck {
  /** Pairs of (count, larger count, replication) compared. */
  compared: number;
  violations: Violation[];
}

export function checkMonotone(groups: readonly Candidate[][], outcomesOf: (c: Candidate) => Outcome[], goal: Goal): MonotoneCheck {
  let compared = 0;
  const violations: Violation[] = [];
  for (const g of groups) {
    const runs = g.filter((c) => outcomesOf(c).length > 0);
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const a = outcomesOf(runs[i]!);
        const b = outcomesOf(runs[j]!);
        for (let k = 0; k < Math.min(a.length, b.length); k++) {
          compared++;
          if (meetsTime(a[k]!, goal) && missesTime(b[k]!, goal)) {
            const settings = Object.fromEntries(Object.entries(runs[i]!.settings).filter(([p]) => p !== GPU_MAX_PATH));
            violations.push({ settings, fewer: runs[i]!.settings[GPU_MAX_PATH] as number, more: runs[j]!.settings[GPU_MAX_PATH] as number, replication: k });
          }
        }
      }
    }
  }
  return { compared, violations };
}
