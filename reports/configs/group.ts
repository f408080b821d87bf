import type { RunData } from '../run-dir/load-run.ts';
import { poolMeanSd, type MeanSd } from '../aggregate/pool-stats.ts';
import { makespanOf, totalCostOf } from '../run-dir/derived.ts';
import type { ResolvedScenario } from './resolved-scenario.ts';
import { GPU_MAX_PATH, settingsFromMeta, settingsOf, showSetting, type Settings } from './settings.ts';

/** A run with its resolved scenario (null when the run directory has no scenario.json). */
export interface ConfiguredRun extends RunData {
  scenario: ResolvedScenario | null;
}

/** Runs of one configuration: the same resolved scenario except seed (and name, description, replications). */
export interface Configuration {
  /** Canonical text of the whole configuration; equal keys = replications of one configuration. */
  key: string;
  runs: ConfiguredRun[];
  /** Its value (JSON text) of every setting that differs between the runs reported on. */
  differing: Map<string, string>;
  /**
   * "autoscaling.policy=keda, cluster.zones=1": the differing settings where this configuration leaves the value
   * most configurations share (all of them where no value is the most common); the scenario name for the baseline.
   */
  label: string;
  /** The label without the GPU max: the line of Fig. 2b and the panel of Fig. 2c this configuration belongs to. */
  series: string;
  /** True when its runs had no scenario.json and the settings come from summary.json's meta. */
  fromMeta: boolean;
}

export interface Grouping {
  configurations: Configuration[];
  /** Paths of the settings that differ between the runs, decisions first (see SETTING_ORDER). */
  differing: string[];
}

/**
 * The settings a planner decides, in the order labels list them; any other differing setting follows
 * alphabetically. A user comparing runs asks first what was deployed, then on what data.
 */
export const SETTING_ORDER = [
  'era', 'workload.images', 'workload.arrival.kind', 'workload.arrival.start_delay', 'workload.arrival.bandwidth',
  'cluster.pools.gpu.gpu_type', GPU_MAX_PATH, 'cluster.pools.gpu.preemptible', 'cluster.zones', 'autoscaling.policy',
  'serving.profile',
];

function orderPaths(paths: Iterable<string>): string[] {
  const rank = (p: string) => {
    const i = SETTING_ORDER.indexOf(p);
    return i < 0 ? SETTING_ORDER.length : i;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The value most configurations share for each path, where one value is strictly the most common: the baseline a
 * `--set` variant departs from. Paths without one (every value once, or a tie) have no baseline.
 */
function baselineOf(all: readonly Settings[], paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const counts = new Map<string, number>();
    for (const s of all) counts.set(s.get(p) ?? 'null', (counts.get(s.get(p) ?? 'null') ?? 0) + 1);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (sorted.length > 1 && sorted[0]![1] > sorted[1]![1]) out.set(p, sorted[0]![0]);
  }
  return out;
}

/** "autoscaling.policy=keda, cluster.zones=1": the settings where this configuration leaves the baseline. */
function labelOf(values: Settings, paths: readonly string[], baseline: Map<string, string>): string {
  return paths
    .filter((p) => baseline.get(p) !== (values.get(p) ?? 'null'))
    .map((p) => `${p}=${showSetting(values.get(p))}`)
    .join(', ');
}

/**
 * Groups runs by their whole resolved configuration. Every setting that differs between the runs given becomes
 * part of each configuration's label; runs whose configurations are equal (seeds aside) are one configuration
 * whose replications are pooled. Runs without scenario.json stand alone: their meta is not the whole configuration.
 */
export function groupByConfiguration(runs: readonly ConfiguredRun[]): Grouping {
  const settings: Settings[] = runs.map((r) => (r.scenario ? settingsOf(r.scenario) : settingsFromMeta(r.meta)));
  const all = new Set(settings.flatMap((s) => [...s.keys()]));
  const differing = orderPaths([...all].filter((p) => new Set(settings.map((s) => s.get(p) ?? '\u0000unset')).size > 1));
  const byKey = new Map<string, { runs: ConfiguredRun[]; values: Settings; fromMeta: boolean }>();
  runs.forEach((r, i) => {
    const s = settings[i]!;
    const key = r.scenario ? JSON.stringify([...s.entries()].sort(([a], [b]) => a.localeCompare(b))) : `meta-only run #${i}: ${r.dir}`;
    const g = byKey.get(key);
    if (g) g.runs.push(r);
    else byKey.set(key, { runs: [r], values: s, fromMeta: !r.scenario });
  });
  const seriesPaths = differing.filter((p) => p !== GPU_MAX_PATH);
  const groups = [...byKey.values()];
  const baseline = baselineOf(groups.map((g) => g.values), differing);
  const seriesLabels = groups.map((g) => labelOf(g.values, seriesPaths, baseline));
  // Configurations at the baseline of every setting but the GPU max lie on one line: name it once for all.
  // Named by its values of the series settings, or by the scenario when only the GPU max differs.
  const baselineNames = [...new Set(groups.filter((_, i) => seriesLabels[i] === '').map((g) => g.runs[0]!.name))];
  const atBaseline = groups.find((_, i) => seriesLabels[i] === '');
  const baselineSeries = seriesPaths.length && atBaseline
    ? labelOf(atBaseline.values, seriesPaths, new Map())
    : baselineNames.length === 1 ? baselineNames[0]! : 'all runs (they differ only in GPU max)';
  const configurations = [...byKey.entries()].map(([key, g], i) => ({
    key,
    runs: g.runs,
    differing: new Map(differing.map((p) => [p, g.values.get(p) ?? JSON.stringify(null)])),
    label: labelOf(g.values, differing, baseline) || g.runs[0]!.name,
    series: seriesLabels[i] || baselineSeries,
    fromMeta: g.fromMeta,
  }));
  return { configurations, differing };
}

/** The GPU max of a configuration (NaN when unknown). */
export function gpuMaxOfConfiguration(c: Configuration): number {
  const m = c.runs[0]!.meta.gpu_max;
  return typeof m === 'number' ? m : NaN;
}

/** Makespan (s) over every replication of every run of the configuration. */
export function pooledMakespan(c: Configuration): MeanSd {
  return poolMeanSd(c.runs.map(makespanOf));
}

/** Total cost (USD) over every replication of every run of the configuration. */
export function pooledCost(c: Configuration): MeanSd {
  return poolMeanSd(c.runs.map(totalCostOf));
}
