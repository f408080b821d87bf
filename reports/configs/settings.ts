import type { RunMeta } from '../run-dir/types.ts';
import type { ResolvedScenario } from './resolved-scenario.ts';

/** Setting path -> its value as canonical JSON text ("\"keda\"", "1", "{...}" for lists). */
export type Settings = Map<string, string>;

/**
 * Top-level keys that name, describe or repeat a run rather than configure it: two runs that differ only here are
 * replications of one configuration (`seed` picks the replications' random streams, `replications` how many).
 */
export const NOT_CONFIGURATION = new Set(['name', 'description', 'extends', 'seed', 'replications']);

/** The GPU pool's maximum: the x axis of Fig. 2b and 2c rather than a series. */
export const GPU_MAX_PATH = 'cluster.pools.gpu.max';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf of the resolved scenario by dotted path (lists are leaves), configuration keys only. */
export function settingsOf(scenario: ResolvedScenario): Settings {
  const out: Settings = new Map();
  const walk = (v: unknown, at: string) => {
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, at ? `${at}.${k}` : k);
    } else {
      out.set(at, JSON.stringify(v ?? null));
    }
  };
  for (const [k, v] of Object.entries(scenario)) if (!NOT_CONFIGURATION.has(k)) walk(v, k);
  return out;
}

/**
 * What summary.json's `meta` says about a run without scenario.json, under the scenario paths the settings have,
 * so such runs still get columns and labels (they are never pooled: meta is not the whole configuration).
 */
export function settingsFromMeta(meta: RunMeta): Settings {
  const out: Settings = new Map();
  const put = (p: string, v: unknown) => {
    if (v !== undefined) out.set(p, JSON.stringify(v));
  };
  put('era', meta.era);
  put('workload.images', meta.images);
  const a = meta.arrival;
  if (a) {
    put('workload.arrival.kind', a.kind);
    if (a.kind === 'paced' && typeof a.start_delay_s === 'number') put('workload.arrival.start_delay', `${a.start_delay_s}s`);
  }
  put('cluster.zones', meta.zones);
  put(GPU_MAX_PATH, meta.gpu_max);
  put('cluster.pools.gpu.preemptible', meta.preemptible);
  put('autoscaling.policy', (meta as { policy?: string }).policy);
  put('serving.profile', meta.profile);
  return out;
}

/** A value as a person reads it in a label: keda, 1, 0.5s, true. */
export function showSetting(json: string | undefined): string {
  if (json === undefined) return '(unset)';
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return json;
  }
}
