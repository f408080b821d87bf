/**
 * The validated, merged scenario (snake_case, SI units, defaults filled) as the model's KioskConfig
 * (sim/model/config.ts): ONE generic transform (camelTree.ts: camelCase keys, the few renames,
 * distributions as engine specs) and, below, the derivations that are not renames. A new setting
 * needs nothing here. Pure: files the scenario names (serving profile, arrival trace) are read by
 * load.ts and passed in. Problems are thrown as ScenarioProblemError with the YAML path they concern.
 */
import type { DistributionSpec } from '../engine/distributions.ts';
import type { ArrivalConfig, KioskConfig, MachineConfig, PreemptionConfig, StorageVariation, TransferConfig, TransferStep } from '../model/config.ts';
import { TRANSFER_STEPS } from '../model/config.ts';
import type { ServingProfile } from '../model/serving/profile.ts';
import { ARRIVAL_DEFAULTS } from './arrivalDefaults.ts';
import { camelKey, camelTree } from './camelTree.ts';
import { allocatableFor, MACHINE_SHAPES } from './machines.ts';
import type { Path } from './merge.ts';
import { problem, ScenarioProblemError } from './problem.ts';
import { scenarioSchema, type ScenarioParsed } from './schema.ts';

export { problem, ScenarioProblemError };

/** Files named by the scenario, already read and parsed. */
export interface ScenarioFiles {
  profile?: ServingProfile;
  traceTimes?: number[];
}

/** The camelCase tree before the derivations: loosely typed, the derivations give it its shape. */
// (its shape is held to KioskConfig by configType.ts)
type Tree = Record<string, any>;

/** A value the defaults always provide; its absence is reported against its path. */
function need<T>(value: T | undefined, path: Path, what = 'a value'): T {
  if (value === undefined) problem(path, `expected ${what}, found nothing`);
  return value;
}

/** What each arrival kind needs (with the words of the error when it is missing) and may have. */
const ARRIVAL_PARAMS: Record<ArrivalConfig['kind'], { needs: Record<string, string>; optional: (keyof typeof ARRIVAL_DEFAULTS)[] }> = {
  paced: { needs: { start_delay: 'a start_delay such as "0.5s" for paced arrivals' }, optional: [] },
  upload: { needs: { bandwidth: 'an upload bandwidth such as "240Mbps"' }, optional: ['concurrency'] },
  poisson: { needs: { rate: 'a Poisson rate such as "10/s"' }, optional: ['unit'] },
  deterministic: { needs: { interval: 'an interval such as "0.1s"' }, optional: ['unit'] },
  trace: { needs: { file: 'a trace file' }, optional: ['unit'] },
};

/** Only the kind's own parameters, the required ones present, the kind's defaults filled; a trace's file becomes its times. */
function arrival(a: Record<string, unknown>, camel: Tree, files: ScenarioFiles): ArrivalConfig {
  const path = ['workload', 'arrival'];
  const kind = need(a.kind, [...path, 'kind'], 'an arrival kind (paced, upload, poisson, deterministic, trace)') as ArrivalConfig['kind'];
  const { needs, optional } = ARRIVAL_PARAMS[kind];
  const allowed = [...Object.keys(needs), ...optional];
  const foreign = Object.keys(a).find((k) => k !== 'kind' && a[k] !== undefined && !allowed.includes(k));
  if (foreign) throw new ScenarioProblemError([...path, foreign], `expected only ${allowed.join(', ')} for arrival kind ${kind}, found "${foreign}"`, true);
  for (const [key, what] of Object.entries(needs)) need(a[key], [...path, key], what);
  const defaults = Object.fromEntries(optional.map((k) => [k, ARRIVAL_DEFAULTS[k]]));
  if (kind !== 'trace') return { ...defaults, ...camel } as ArrivalConfig;
  const { file: _file, ...rest } = camel;
  return { ...defaults, ...rest, times: need(files.traceTimes, [...path, 'file'], 'arrival times read from the trace file') } as ArrivalConfig;
}

/** Per-request spread of storage transfers: the constant model carries no parameters. */
function storageVariation(v: Tree): StorageVariation {
  return v.kind === 'constant' ? { kind: 'constant' } : { kind: 'lognormal', latencySigma: v.latencySigma, bandwidthSigma: v.bandwidthSigma };
}

/** Each of the eight steps: its own latency and bandwidth, else the storage-wide ones. */
function transfers(s: Tree): Record<TransferStep, TransferConfig> {
  const steps: Tree = s.steps ?? {};
  return Object.fromEntries(TRANSFER_STEPS.map((step) => [step, {
    latency: need(steps[step]?.latency ?? s.latency, ['storage', 'latency']),
    bandwidthBps: need(steps[step]?.bandwidthBps ?? s.bandwidthBps, ['storage', 'bandwidth']),
  }])) as Record<TransferStep, TransferConfig>;
}

/** A pool's machine: its allocatable CPU and memory from the catalogue unless the pool sets them. */
function nodePool(p: Tree, name: 'gpu' | 'consumer' | 'default') {
  const path = ['cluster', 'pools', name];
  const { machine: machineName, cpu, memoryBytes, gpus, gpuType, ...pool } = p;
  const catalogue = allocatableFor(machineName);
  if (!catalogue && (cpu === undefined || memoryBytes === undefined)) {
    problem([...path, 'machine'], `expected a machine type of the built-in catalogue (${Object.keys(MACHINE_SHAPES).join(', ')}) or cpu and memory set for the pool, found "${machineName}"`);
  }
  if (gpus > 0 && gpuType === 'none') problem([...path, 'gpu_type'], `expected the type of the pool's ${gpus} GPU(s) (e.g. "V100"), found "none"`);
  const machine: MachineConfig = { name: machineName, cpu: cpu ?? catalogue!.cpu, memoryBytes: memoryBytes ?? catalogue!.memoryBytes, gpus, gpuType: gpus > 0 ? gpuType : null };
  return { machine, ...pool };
}

/** The parameters each preemption model uses (the defaults hold both fits' parameters). */
const PREEMPTION_PARAMS: Record<PreemptionConfig['model'], string[]> = {
  none: [],
  exponential: ['mean_lifetime', 'notice', 'grace', 'cap'],
  bathtub: ['a', 'b', 'tau1', 'tau2', 'notice', 'grace', 'cap'],
};

function preemption(p: Tree): PreemptionConfig {
  const keys = PREEMPTION_PARAMS[p.model as PreemptionConfig['model']];
  for (const k of keys) need(p[camelKey(k)], ['cluster', 'preemption', k]);
  return { model: p.model, ...Object.fromEntries(keys.map((k) => [camelKey(k), p[camelKey(k)]])) } as PreemptionConfig;
}

/** The model's configuration for a merged, validated scenario. */
export function normalize(p: ScenarioParsed, name: string, files: ScenarioFiles): KioskConfig {
  // name, description and extends belong to the file, replications to the runner
  const { name: _n, description: _d, extends: _e, replications: _r, ...tree } = camelTree(scenarioSchema, p) as Tree;
  const { profile: _profile, serviceTime, ...serving } = tree.serving;
  const { priceFile: _priceFile, priceTable: _priceTable, ...cost } = tree.cost; // the loader applied both
  const pools: Tree = tree.cluster.pools;
  return {
    name,
    ...tree,
    workload: { ...tree.workload, arrival: arrival(need(p.workload?.arrival, ['workload', 'arrival']), tree.workload.arrival, files) },
    storage: { enabled: tree.storage.enabled, steps: transfers(tree.storage), variation: storageVariation(tree.storage.variation) },
    serving: {
      serviceTime: serviceTime.kind === 'profile'
        ? { kind: 'profile', profile: need(files.profile, ['serving', 'profile'], 'a serving profile') }
        : { kind: 'distribution', perBatch: serviceTime as DistributionSpec },
      ...serving,
    },
    cluster: {
      ...tree.cluster,
      pools: { gpu: nodePool(pools.gpu, 'gpu'), consumer: nodePool(pools.consumer, 'consumer'), default: nodePool(pools.default, 'default') },
      preemption: preemption(tree.cluster.preemption),
    },
    cost,
  } as KioskConfig;
}
