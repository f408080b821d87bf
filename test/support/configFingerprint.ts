import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../sim/scenario/load.ts';

/**
 * A canonical text of a model configuration: keys sorted, Infinity and NaN spelled out (JSON would
 * write null for both), typed arrays as lists. Two configurations have the same text exactly when
 * they are deep-equal, so its hash can stand for a configuration in a committed snapshot.
 */
export function canonicalText(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : `"#${value}"`;
  if (value === undefined) return '"#undefined"';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return canonicalText(Array.from(value as unknown as ArrayLike<number>));
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalText((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalText(value)).digest('hex').slice(0, 16);
}

/** The keys of configuration trees, nested; `true` marks a value taken whole. */
export type KeyTree = { [key: string]: KeyTree | true };

/** Taken whole: lists, and the serving profile (a measurement file, not settings). */
const isWhole = (key: string, v: unknown) => key === 'profile' || Array.isArray(v) || ArrayBuffer.isView(v) || v === null || typeof v !== 'object';

/** The union of the key trees of `values`. */
export function keyTree(values: unknown[]): KeyTree {
  const out: KeyTree = {};
  for (const v of values) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (isWhole(k, x)) out[k] = true;
      else out[k] = keyTree([...(out[k] === true || out[k] === undefined ? [] : [project(x, out[k] as KeyTree)]), x]);
    }
  }
  return out;
}

/**
 * `value` cut down to the keys of `keys` (a key in `value` and not in `keys` is left out; a key in
 * `keys` and not in `value` stays absent). So a setting added after a snapshot does not change the
 * snapshot's fingerprints, while a changed, renamed or removed one does.
 */
export function project(value: unknown, keys: KeyTree): unknown {
  if (isWhole('', value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(keys)) {
    if (!Object.hasOwn(value as object, k)) continue;
    const x = (value as Record<string, unknown>)[k];
    out[k] = sub === true ? x : project(x, sub);
  }
  return out;
}

/** Every committed scenario file, repo-relative, sorted. */
export function committedScenarios(): string[] {
  return (readdirSync(path.join(REPO_ROOT, 'scenarios'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.plan.yaml')) // plan files are not scenarios (test/plan/files.test.ts)
    .map((f) => `scenarios/${f.split(path.sep).join('/')}`)
    .sort();
}

/**
 * --set variants that reach the parts of the configuration the committed files leave at their
 * defaults: every arrival kind, both preemption fits, a pool with its own cpu/memory, per-step storage
 * overrides, every distribution kind, behavior-mode HPA policies, price tables.
 */
export const SET_VARIANTS: { file: string; sets: string[] }[] = [
  { file: 'scenarios/examples/quick.yaml', sets: ['workload.arrival={kind: upload, bandwidth: 240Mbps, concurrency: 3}'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['workload.arrival={kind: deterministic, interval: 0.1s}'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['cluster.preemption.model=bathtub', 'cluster.pools.gpu.preemptible=true'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['cluster.preemption.model=none'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['cost.prices.machines.custom-8={on_demand: 0.5, preemptible: 0.1}', 'cluster.pools.consumer.machine=custom-8', 'cluster.pools.consumer.cpu=7.5', 'cluster.pools.consumer.memory=28GiB'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['storage.steps.zip_up={latency: 1s, bandwidth: 1Gbps}', 'storage.steps.client_down.bandwidth=10Mbps'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['consumers.image.preprocess={kind: gamma, mean: 0.2s, cv: 0.5}', 'consumers.zip.startup={kind: uniform, min: 1s, max: 3s}', 'serving.startup={kind: empirical, values: [1s, 2s, 4s]}', 'serving.model_load={kind: normal, mean: 5s, sd: 1s}', 'cluster.pools.gpu.provisioning=90s'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['autoscaling.hpa.mode=behavior', 'autoscaling.hpa.behavior.scale_up.policies=[{type: Percent, value: 50, period: 30s}, {type: Pods, value: 2, period: 1m}]'] },
  { file: 'scenarios/examples/quick.yaml', sets: ['cost.prices.gpus.A100={on_demand: 2.9, preemptible: 0.9}', 'autoscaling.policy=keda', 'serving.crash_mtbf=12h'] },
  { file: 'scenarios/examples/mm1.yaml', sets: ['serving.service_time={kind: constant, value: 0.1s}'] },
];

/** The snapshot's key for one case. */
export const caseKey = (c: { file: string; sets: string[] }) => [c.file, ...c.sets].join(' --set ');

/** Every case the snapshot covers: each committed file as it is, then the --set variants. */
export const snapshotCases = () => [...committedScenarios().map((file) => ({ file, sets: [] as string[] })), ...SET_VARIANTS];
