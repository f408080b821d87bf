/**
 * The validated, merged scenario (snake_case, SI units, defaults filled) mapped onto the model's
 * KioskConfig (sim/model/config.ts). Pure: files the scenario names (serving profile, arrival
 * trace) are read by load.ts and passed in. Problems are thrown as ScenarioProblemError with the
 * YAML path they concern; load.ts locates them in the file that set that path.
 */
import type { DistributionSpec } from '../engine/distributions.ts';
import type {
  ArrivalConfig, KioskConfig, NodePoolConfig, PodResources, PreemptionConfig, TransferConfig, TransferStep,
} from '../model/config.ts';
import type { ServingProfile } from '../model/serving/profile.ts';
import { ARRIVAL_DEFAULTS } from './arrivalDefaults.ts';
import { isSpecProblem, toDistributionSpec, type DistributionInput } from './distribution.ts';
import { allocatableFor, MACHINE_SHAPES } from './machines.ts';
import type { Path } from './merge.ts';
import type { ScenarioParsed } from './schema.ts';

export class ScenarioProblemError extends Error {
  constructor(readonly path: Path, message: string, readonly atKey = false) {
    super(message);
    this.name = 'ScenarioProblemError';
  }
}

export function problem(path: Path, message: string): never {
  throw new ScenarioProblemError(path, message);
}

/** A value the defaults always provide; its absence is reported against its path. */
function need<T>(value: T | undefined, path: Path, what = 'a value'): T {
  if (value === undefined) problem(path, `expected ${what}, found nothing`);
  return value;
}

/** Files named by the scenario, already read and parsed. */
export interface ScenarioFiles {
  profile?: ServingProfile;
  traceTimes?: number[];
}

type Parsed = ScenarioParsed;
type Dist = DistributionInput | undefined;

function dist(d: Dist, path: Path): DistributionSpec {
  const r = toDistributionSpec(need(d, path, 'a distribution'));
  if (isSpecProblem(r)) problem(r.key ? [...path, r.key] : path, r.message);
  return r;
}

function resources(r: { cpu?: number; memory?: number; gpu?: number } | undefined, path: Path): PodResources {
  const x = need(r, path);
  return {
    cpu: need(x.cpu, [...path, 'cpu']),
    memoryBytes: need(x.memory, [...path, 'memory']),
    gpu: need(x.gpu, [...path, 'gpu']),
  };
}

function arrival(a: NonNullable<NonNullable<Parsed['workload']>['arrival']>, files: ScenarioFiles): ArrivalConfig {
  const path = ['workload', 'arrival'];
  const kind = need(a.kind, [...path, 'kind'], 'an arrival kind (paced, upload, poisson, deterministic, trace)');
  const allowed: Record<typeof kind, string[]> = {
    paced: ['start_delay'],
    upload: ['bandwidth', 'concurrency'],
    poisson: ['rate', 'unit'],
    deterministic: ['interval', 'unit'],
    trace: ['file', 'unit'],
  };
  const foreign = Object.keys(a).find((k) => k !== 'kind' && (a as Record<string, unknown>)[k] !== undefined && !allowed[kind].includes(k));
  if (foreign) throw new ScenarioProblemError([...path, foreign], `expected only ${allowed[kind].join(', ')} for arrival kind ${kind}, found "${foreign}"`, true);
  const d = ARRIVAL_DEFAULTS;
  switch (kind) {
    case 'paced':
      return { kind, startDelay: need(a.start_delay, [...path, 'start_delay'], 'a start_delay such as "0.5s" for paced arrivals') };
    case 'upload':
      return { kind, bandwidthBps: need(a.bandwidth, [...path, 'bandwidth'], 'an upload bandwidth such as "240Mbps"'), concurrency: a.concurrency ?? d.concurrency };
    case 'poisson':
      return { kind, rate: need(a.rate, [...path, 'rate'], 'a Poisson rate such as "10/s"'), unit: a.unit ?? d.unit };
    case 'deterministic':
      return { kind, interval: need(a.interval, [...path, 'interval'], 'an interval such as "0.1s"'), unit: a.unit ?? d.unit };
    case 'trace':
      need(a.file, [...path, 'file'], 'a trace file');
      return { kind, times: need(files.traceTimes, [...path, 'file'], 'arrival times read from the trace file'), unit: a.unit ?? d.unit };
  }
}

function transfers(s: NonNullable<Parsed['storage']>): Record<TransferStep, TransferConfig> {
  const steps = s.steps ?? {};
  const keys: Record<TransferStep, keyof typeof steps> = {
    zipUp: 'zip_up', zipDown: 'zip_down', imageUp: 'image_up', imageDown: 'image_down',
    resultUp: 'result_up', resultDown: 'result_down', resultsZipUp: 'results_zip_up', clientDown: 'client_down',
  };
  const out = {} as Record<TransferStep, TransferConfig>;
  for (const [step, key] of Object.entries(keys) as [TransferStep, keyof typeof steps][]) {
    const o = steps[key] ?? {};
    out[step] = {
      latency: need(o.latency ?? s.latency, ['storage', 'latency']),
      bandwidthBps: need(o.bandwidth ?? s.bandwidth, ['storage', 'bandwidth']),
    };
  }
  return out;
}

function storageVariation(s: NonNullable<Parsed['storage']>): NonNullable<KioskConfig['storage']['variation']> {
  const v = need(s.variation, ['storage', 'variation']);
  if (need(v.kind, ['storage', 'variation', 'kind']) === 'constant') return { kind: 'constant' };
  return {
    kind: 'lognormal',
    latencySigma: need(v.latency_sigma, ['storage', 'variation', 'latency_sigma']),
    bandwidthSigma: need(v.bandwidth_sigma, ['storage', 'variation', 'bandwidth_sigma']),
  };
}

type PoolInput = NonNullable<NonNullable<NonNullable<Parsed['cluster']>['pools']>['gpu']>;

function nodePool(p: PoolInput | undefined, name: 'gpu' | 'consumer' | 'default'): NodePoolConfig {
  const path = ['cluster', 'pools', name];
  const x = need(p, path);
  const machineName = need(x.machine, [...path, 'machine'], 'a machine type');
  const catalogue = allocatableFor(machineName);
  if (!catalogue && (x.cpu === undefined || x.memory === undefined)) {
    problem([...path, 'machine'], `expected a machine type of the built-in catalogue (${Object.keys(MACHINE_SHAPES).join(', ')}) or cpu and memory set for the pool, found "${machineName}"`);
  }
  const gpus = need(x.gpus, [...path, 'gpus']);
  const gpuType = need(x.gpu_type, [...path, 'gpu_type'], 'a GPU type or "none"');
  if (gpus > 0 && gpuType === 'none') problem([...path, 'gpu_type'], `expected the type of the pool's ${gpus} GPU(s) (e.g. "V100"), found "none"`);
  return {
    machine: {
      name: machineName,
      cpu: x.cpu ?? catalogue!.cpu,
      memoryBytes: x.memory ?? catalogue!.memoryBytes,
      gpus,
      gpuType: gpus > 0 ? gpuType : null,
    },
    preemptible: need(x.preemptible, [...path, 'preemptible']),
    min: need(x.min, [...path, 'min']),
    max: need(x.max, [...path, 'max']),
    provisioning: dist(x.provisioning, [...path, 'provisioning']),
    gpuReadyDelay: dist(x.gpu_ready_delay, [...path, 'gpu_ready_delay']),
  };
}

function preemption(p: NonNullable<NonNullable<Parsed['cluster']>['preemption']>): PreemptionConfig {
  const path = ['cluster', 'preemption'];
  const model = need(p.model, [...path, 'model']);
  if (model === 'none') return { model };
  const common = {
    notice: need(p.notice, [...path, 'notice']),
    grace: need(p.grace, [...path, 'grace']),
    cap: need(p.cap, [...path, 'cap']),
  };
  if (model === 'exponential') return { model, meanLifetime: need(p.mean_lifetime, [...path, 'mean_lifetime']), ...common };
  return {
    model,
    A: need(p.a, [...path, 'a']),
    b: need(p.b, [...path, 'b']),
    tau1: need(p.tau1, [...path, 'tau1']),
    tau2: need(p.tau2, [...path, 'tau2']),
    ...common,
  };
}

type Prices = Record<string, { on_demand?: number; preemptible?: number }>;

function prices(table: Prices | undefined, path: Path): Record<string, { onDemand: number; preemptible: number }> {
  return Object.fromEntries(
    Object.entries(table ?? {}).map(([name, p]) => [
      name,
      { onDemand: need(p.on_demand, [...path, name, 'on_demand'], 'a price in USD per hour'), preemptible: need(p.preemptible, [...path, name, 'preemptible'], 'a price in USD per hour') },
    ]),
  );
}

type Policy = { stabilization_window?: number; policies?: { type?: 'Pods' | 'Percent'; value?: number; period?: number }[]; select_policy?: 'Max' | 'Min' | 'Disabled' };

function scalingRules(r: Policy | undefined, path: Path) {
  const x = need(r, path);
  return {
    stabilizationWindow: need(x.stabilization_window, [...path, 'stabilization_window']),
    policies: need(x.policies, [...path, 'policies']).map((p, i) => ({
      type: need(p.type, [...path, 'policies', i, 'type']),
      value: need(p.value, [...path, 'policies', i, 'value']),
      period: need(p.period, [...path, 'policies', i, 'period']),
    })),
    selectPolicy: need(x.select_policy, [...path, 'select_policy']),
  };
}

/** The model's configuration for a merged, validated scenario. */
export function normalize(p: Parsed, name: string, files: ScenarioFiles): KioskConfig {
  const w = need(p.workload, ['workload']);
  const st = need(p.storage, ['storage']);
  const rd = need(p.redis, ['redis']);
  const jan = need(rd.janitor, ['redis', 'janitor']);
  const ci = need(p.consumers?.image, ['consumers', 'image']);
  const cz = need(p.consumers?.zip, ['consumers', 'zip']);
  const sv = need(p.serving, ['serving']);
  const b = need(sv.batching, ['serving', 'batching']);
  const t = need(sv.tiling, ['serving', 'tiling']);
  const g = need(sv.grpc, ['serving', 'grpc']);
  const rb = need(sv.restart_backoff, ['serving', 'restart_backoff']);
  const cl = need(p.cluster, ['cluster']);
  const ca = need(cl.autoscaler, ['cluster', 'autoscaler']);
  const as = need(p.autoscaling, ['autoscaling']);
  const hpa = need(as.hpa, ['autoscaling', 'hpa']);
  const m = need(as.metrics, ['autoscaling', 'metrics']);
  const cost = need(p.cost, ['cost']);

  const serviceTimeIn = need(sv.service_time, ['serving', 'service_time']);
  const serviceTime: KioskConfig['serving']['serviceTime'] =
    serviceTimeIn.kind === 'profile'
      ? { kind: 'profile', profile: need(files.profile, ['serving', 'profile'], 'a serving profile') }
      : { kind: 'distribution', perBatch: dist(serviceTimeIn, ['serving', 'service_time']) };
  const postIn = need(ci.postprocess, ['consumers', 'image', 'postprocess']);

  return {
    name,
    era: need(p.era, ['era']),
    seed: need(p.seed, ['seed']),
    workload: {
      images: need(w.images, ['workload', 'images']),
      imagesPerZip: need(w.images_per_zip, ['workload', 'images_per_zip']),
      imageWidth: need(w.image_width, ['workload', 'image_width']),
      imageHeight: need(w.image_height, ['workload', 'image_height']),
      imageBytes: need(w.image_size, ['workload', 'image_size']),
      resultBytes: need(w.result_size, ['workload', 'result_size']),
      arrival: arrival(need(w.arrival, ['workload', 'arrival']), files),
    },
    storage: { enabled: need(st.enabled, ['storage', 'enabled']), steps: transfers(st), variation: storageVariation(st) },
    redis: {
      emptyQueueSleep: need(rd.empty_queue_sleep, ['redis', 'empty_queue_sleep']),
      putBackSleep: need(rd.put_back_sleep, ['redis', 'put_back_sleep']),
      opLatency: need(rd.op_latency, ['redis', 'op_latency']),
      rotationTick: need(rd.rotation_tick, ['redis', 'rotation_tick']),
      janitor: {
        enabled: need(jan.enabled, ['redis', 'janitor', 'enabled']),
        interval: need(jan.interval, ['redis', 'janitor', 'interval']),
        staleAfter: need(jan.stale_after, ['redis', 'janitor', 'stale_after']),
      },
      queues: { image: rd.queues?.image ?? 'segmentation', zip: rd.queues?.zip ?? 'segmentation-zip' },
    },
    consumers: {
      image: {
        resources: resources(ci.resources, ['consumers', 'image', 'resources']),
        startup: dist(ci.startup, ['consumers', 'image', 'startup']),
        preprocess: dist(ci.preprocess, ['consumers', 'image', 'preprocess']),
        postprocess: postIn.kind === 'profile' ? { kind: 'profile' } : dist(postIn, ['consumers', 'image', 'postprocess']),
        crashMtbf: need(ci.crash_mtbf, ['consumers', 'image', 'crash_mtbf']),
      },
      zip: {
        resources: resources(cz.resources, ['consumers', 'zip', 'resources']),
        startup: dist(cz.startup, ['consumers', 'zip', 'startup']),
        perImageCpu: need(cz.per_image_cpu, ['consumers', 'zip', 'per_image_cpu']),
        crashMtbf: need(cz.crash_mtbf, ['consumers', 'zip', 'crash_mtbf']),
      },
    },
    serving: {
      serviceTime,
      routing: need(sv.routing, ['serving', 'routing']),
      batching: {
        enabled: need(b.enabled, ['serving', 'batching', 'enabled']),
        maxBatchSize: need(b.max_batch_size, ['serving', 'batching', 'max_batch_size']),
        batchTimeout: need(b.batch_timeout, ['serving', 'batching', 'batch_timeout']),
        maxEnqueuedBatches: need(b.max_enqueued_batches, ['serving', 'batching', 'max_enqueued_batches']),
        numBatchThreads: need(b.num_batch_threads, ['serving', 'batching', 'num_batch_threads']),
      },
      tiling: {
        enabled: need(t.enabled, ['serving', 'tiling', 'enabled']),
        tileSize: need(t.tile_size, ['serving', 'tiling', 'tile_size']),
        strideFraction: need(t.stride_fraction, ['serving', 'tiling', 'stride_fraction']),
        tilesPerRequest: need(t.tiles_per_request, ['serving', 'tiling', 'tiles_per_request']),
      },
      grpc: {
        deadline: need(g.deadline, ['serving', 'grpc', 'deadline']),
        retryBackoff: need(g.retry_backoff, ['serving', 'grpc', 'retry_backoff']),
        maxRetries: need(g.max_retries, ['serving', 'grpc', 'max_retries']),
      },
      resources: resources(sv.resources, ['serving', 'resources']),
      startup: dist(sv.startup, ['serving', 'startup']),
      modelLoad: dist(sv.model_load, ['serving', 'model_load']),
      crashMtbf: need(sv.crash_mtbf, ['serving', 'crash_mtbf']),
      restartBackoff: {
        initial: need(rb.initial, ['serving', 'restart_backoff', 'initial']),
        max: need(rb.max, ['serving', 'restart_backoff', 'max']),
        resetAfter: need(rb.reset_after, ['serving', 'restart_backoff', 'reset_after']),
      },
    },
    cluster: {
      zones: need(cl.zones, ['cluster', 'zones']),
      terminationGrace: need(cl.termination_grace, ['cluster', 'termination_grace']),
      pools: {
        gpu: nodePool(cl.pools?.gpu, 'gpu'),
        consumer: nodePool(cl.pools?.consumer, 'consumer'),
        default: nodePool(cl.pools?.default, 'default'),
      },
      preemption: preemption(need(cl.preemption, ['cluster', 'preemption'])),
      autoscaler: {
        enabled: need(ca.enabled, ['cluster', 'autoscaler', 'enabled']),
        scanInterval: need(ca.scan_interval, ['cluster', 'autoscaler', 'scan_interval']),
        requestDelay: need(ca.request_delay, ['cluster', 'autoscaler', 'request_delay']),
        maxProvisionTime: need(ca.max_provision_time, ['cluster', 'autoscaler', 'max_provision_time']),
        scaleDownUnneeded: need(ca.scale_down_unneeded, ['cluster', 'autoscaler', 'scale_down_unneeded']),
        scaleDownDelayAfterAdd: need(ca.scale_down_delay_after_add, ['cluster', 'autoscaler', 'scale_down_delay_after_add']),
        utilizationThreshold: need(ca.utilization_threshold, ['cluster', 'autoscaler', 'utilization_threshold']),
        maxBulkDelete: need(ca.max_bulk_delete, ['cluster', 'autoscaler', 'max_bulk_delete']),
      },
    },
    autoscaling: {
      policy: need(as.policy, ['autoscaling', 'policy']),
      fixed: {
        serving: need(as.fixed?.serving, ['autoscaling', 'fixed', 'serving']),
        imageConsumers: need(as.fixed?.image_consumers, ['autoscaling', 'fixed', 'image_consumers']),
        zipConsumers: need(as.fixed?.zip_consumers, ['autoscaling', 'fixed', 'zip_consumers']),
      },
      hpa: {
        syncPeriod: need(hpa.sync_period, ['autoscaling', 'hpa', 'sync_period']),
        tolerance: need(hpa.tolerance, ['autoscaling', 'hpa', 'tolerance']),
        mode: need(hpa.mode, ['autoscaling', 'hpa', 'mode']),
        downscaleStabilization: need(hpa.downscale_stabilization, ['autoscaling', 'hpa', 'downscale_stabilization']),
        behavior: {
          scaleUp: scalingRules(hpa.behavior?.scale_up, ['autoscaling', 'hpa', 'behavior', 'scale_up']),
          scaleDown: scalingRules(hpa.behavior?.scale_down, ['autoscaling', 'hpa', 'behavior', 'scale_down']),
        },
      },
      metrics: {
        scrapeInterval: need(m.scrape_interval, ['autoscaling', 'metrics', 'scrape_interval']),
        evalInterval: need(m.eval_interval, ['autoscaling', 'metrics', 'eval_interval']),
        adapterLag: need(m.adapter_lag, ['autoscaling', 'metrics', 'adapter_lag']),
        gpuWindow: need(m.gpu_window, ['autoscaling', 'metrics', 'gpu_window']),
      },
      serving: {
        targetGpuPercent: need(as.serving?.target_gpu_percent, ['autoscaling', 'serving', 'target_gpu_percent']),
        min: need(as.serving?.min, ['autoscaling', 'serving', 'min']),
      },
      imageConsumer: {
        target: need(as.image_consumer?.target, ['autoscaling', 'image_consumer', 'target']),
        min: need(as.image_consumer?.min, ['autoscaling', 'image_consumer', 'min']),
        maxPerGpu: need(as.image_consumer?.max_per_gpu, ['autoscaling', 'image_consumer', 'max_per_gpu']),
        consumersPerGpuLimit: need(as.image_consumer?.consumers_per_gpu_limit, ['autoscaling', 'image_consumer', 'consumers_per_gpu_limit']),
        overloadFactor: need(as.image_consumer?.overload_factor, ['autoscaling', 'image_consumer', 'overload_factor']),
      },
      zipConsumer: {
        target: need(as.zip_consumer?.target, ['autoscaling', 'zip_consumer', 'target']),
        min: need(as.zip_consumer?.min, ['autoscaling', 'zip_consumer', 'min']),
        maxPerGpu: need(as.zip_consumer?.max_per_gpu, ['autoscaling', 'zip_consumer', 'max_per_gpu']),
      },
      kioskAutoscaler: { interval: need(as.kiosk_autoscaler?.interval, ['autoscaling', 'kiosk_autoscaler', 'interval']) },
      keda: {
        listLength: need(as.keda?.list_length, ['autoscaling', 'keda', 'list_length']),
        pollingInterval: need(as.keda?.polling_interval, ['autoscaling', 'keda', 'polling_interval']),
        cooldown: need(as.keda?.cooldown, ['autoscaling', 'keda', 'cooldown']),
      },
    },
    cost: {
      prices: {
        machines: prices(cost.prices?.machines, ['cost', 'prices', 'machines']),
        gpus: prices(cost.prices?.gpus, ['cost', 'prices', 'gpus']),
      },
      storagePerGbMonth: need(cost.storage_per_gb_month, ['cost', 'storage_per_gb_month']),
      storageEgressPerGb: need(cost.storage_egress_per_gb, ['cost', 'storage_egress_per_gb']),
      operationsPer10k: need(cost.operations_per_10k, ['cost', 'operations_per_10k']),
      interZoneEgressPerGb: need(cost.inter_zone_egress_per_gb, ['cost', 'inter_zone_egress_per_gb']),
    },
    timeLimit: need(p.time_limit, ['time_limit']),
    timeseriesInterval: need(p.timeseries_interval, ['timeseries_interval']),
  };
}
