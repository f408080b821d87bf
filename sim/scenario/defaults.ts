/**
 * The defaults: every setting of the 2020 kiosk (the paper's revision, "benchmarks" branch), in the
 * units a user would write. This object is the preset `kiosk-2020`; `kiosk-2019` (presets.ts) lists
 * only what the first submission did differently. A scenario file is merged over it.
 *
 * Sources, one per value:
 *   KS = sim/model/REFERENCE.md, Part A (the kiosk; section in quotes), PL = the same file, Part B (the platform).
 * Values the reference does not give are marked "assumption:" with the reasoning; each is a setting
 * a scenario can change.
 */
import type { ScenarioInput } from './schema.ts';
import { DEFAULT_PRICE_TABLE, PRICE_TABLES } from '../model/cost/priceTables.ts';
import type { PriceTable } from '../model/cost/prices.ts';
import { PAPER_DATA_COSTS } from '../model/cost/dataCosts.ts';
import { GPU_CATALOGUE } from './gpuCatalogue.ts';

type SnakePrices = Record<string, { on_demand: number; preemptible: number }>;

/** A price table in the scenario file's spelling (cost.prices). */
export function snakePrices(table: PriceTable): { machines: SnakePrices; gpus: SnakePrices } {
  const snake = (items: PriceTable['machines']): SnakePrices =>
    Object.fromEntries(Object.entries(items).map(([name, p]) => [name, { on_demand: p.onDemand, preemptible: p.preemptible }]));
  return { machines: snake(table.machines), gpus: snake(table.gpus) };
}

/** The V100 profiles (the paper's GPU); a scenario's gpu_type picks its own (load.ts, gpuCatalogue.ts). */
export const DEFAULT_PROFILE_2020 = GPU_CATALOGUE.V100.profiles['panoptic-2020'];
export const DEFAULT_PROFILE_2019 = GPU_CATALOGUE.V100.profiles['featurenet-2019'];

export const DEFAULTS = {
  era: '2020', // KS "Two configurations": the revision's settings are the defaults
  seed: 1, // any fixed seed; runs are a pure function of (scenario, seed)
  replications: 1, // KS "Benchmark design": 1 for 1M runs (paper cells set 3 for 10k/100k)
  // Derivation: the slowest paper cell (1 GPU, 10^6 images) needs 10^6 / 5 img/s = 55.6 h at the paper's
  // lowest speed (KS "Known numbers": 5-10 frames/s); 4 d leaves ~70% margin before a run is cut.
  time_limit: '4d',
  timeseries_interval: '15s', // one sample per 2020 Prometheus scrape (KS "Two configurations": 15 s)
  faults: [], // off: faults at set times are for validation runs (sim/live), not part of the kiosk

  workload: {
    images: 10000, // KS "Benchmark design": smallest paper dataset (10k); paper cells set their own
    images_per_zip: 100, // KS "Data path" 1: zips of 100 images
    image_width: 1280, // KS "Data path" 1: 1280x1080 px, 8 bit
    image_height: 1080, // KS "Data path" 1
    image_size: '1.5MB', // KS "Data path" 1: ~1.5 MB per image (zip ~150 MB); also the cost formula's 1.5e-3 GB
    result_size: '5.6kB', // KS "Data path" 3: result ~5.6 kB; cost formula's 5.6e-6 GB
    arrival: {
      kind: 'paced', // KS "Data path" 1: the benchmark creates zip i at t = i x START_DELAY
      start_delay: '0.5s', // KS "Data path" 1: START_DELAY 0.5 s (~2.4 Gbps), the headline cell's
    },
  },

  storage: {
    enabled: true, // the kiosk stores every image and result in a bucket (KS "Data path")
    // assumption: 100 ms per transfer (a GCS object request from a same-region GKE pod through the
    // Python client: connection, auth header, first byte). The reference gives no per-transfer figure.
    latency: '100ms',
    // assumption: 200 Mbps per single transfer stream. Check: the paper's "data transfer time"
    // 2 x (download 1.5 MB + upload 5.6 kB) = 2 x (0.1 + 0.06 + 0.1 + 0.0002) s = 0.52 s, inside the
    // figures' 0-5 s transfer histogram (KS "Known numbers").
    bandwidth: '200Mbps',
    steps: {}, // every step uses storage.latency / storage.bandwidth unless a scenario overrides it
    variation: {
      kind: 'lognormal', // GCS request latency is right-skewed (REFERENCE.md "Storage request latency")
      // fit: ln(136 ms / 62 ms) / z(0.9) = 0.61 from GCS's p50 62 ms and p90 136 ms for 1-2 KB reads
      // (googleapis/google-cloud-dotnet#882); it predicts p99 258 ms, their p99 was 191-320 ms
      latency_sigma: 0.61,
      // no public per-request throughput spread for MB-sized GCS objects was found: constant
      bandwidth_sigma: 0,
    },
  },

  redis: {
    queues: { image: 'segmentation', zip: 'segmentation-zip' }, // KS "Two configurations": queues (2020)
    // assumption: 1 ms per Redis round trip (in-cluster TCP to one Redis pod; sub-ms server time).
    op_latency: '1ms',
    // numerical, not physical: a 0.25 s step (half the 2020 put-back sleep) bounds how late a pop is
    // seen by others; test/model/redis/zipRotation.test.ts compares it with the exact tick 0
    rotation_tick: '0.25s',
    empty_queue_sleep: '5s', // KS "Queue semantics": empty queue -> sleep 5 s
    put_back_sleep: '0.5s', // KS "Queue semantics": not finished -> tail + 0.5 s sleep (2020)
    // off (today's model): at the kiosk's 5 s sleep and ~1 ms round trips the loop's 2 round trips are
    // 0.04% of the period; the live mini-kiosk (1 s sleep, loaded host) turns it on (sim/live/calibration.ts)
    empty_poll_round_trips: 0,
    // off: no source gives the timer lateness of a GKE consumer pod; the live calibration measures its own
    empty_poll_jitter: 0,
    // 0 (today's model: a held command completes the moment Redis is back). The kiosk's RedisClient
    // (kiosk-redis-consumer redis_consumer/redis.py) sleeps REDIS_TIMEOUT (settings.py: 3 s) between
    // tries, so a kiosk run with a redis-down fault may set 3s; matters only with such a fault
    retry_interval: 0,
    janitor: {
      enabled: true, // KS "Queue semantics": the janitor recovers work after preemption/crash
      interval: '5s', // KS "Queue semantics": every 5 s (benchmark setting; default 20 s)
      stale_after: '15s', // KS "Queue semantics": not updated for > 15 s
    },
  },

  consumers: {
    image: {
      resources: { cpu: '300m', memory: '256Mi', gpu: 0 }, // KS "Node pools (2020)": consumers 300m / 256Mi
      // assumption: pod start 20 s on average (lognormal, cv 0.5): the ~1 GB redis-consumer image
      // (Python, TensorFlow, deepcell) is pulled once per node and cached after, so starts range from a
      // few seconds to ~40 s.
      startup: { kind: 'lognormal', mean: '20s', cv: 0.5 },
      // assumption: 0.1 s of CPU pre-processing per image (normalising a 1.4 MP array in numpy on one
      // n1-standard-2 vCPU); the paper's Fig. 2a has no pre-processing bar, so it is small next to
      // transfer (0-5 s) and post-processing (0-2 s).
      preprocess: { kind: 'lognormal', mean: '0.1s', cv: 0.3 },
      // off (today's model): 6 HSETs x 1 ms = 6 ms per image, 0.2% of a ~3 s image cycle; the live
      // calibration turns it on with the 6 its consumer writes (KS "Per-image fields" statuses)
      status_updates: 0,
      // assumption: deep watershed takes 1 s on average (lognormal, cv 0.35, so 99.7% under ~2.2 s): the
      // figures' post-processing histogram spans 0-2 s (KS "Known numbers"). "profile" uses measured
      // times from the serving profile instead, where it has them.
      postprocess: { kind: 'lognormal', mean: '1s', cv: 0.35 },
      crash_mtbf: 'never', // off by default, like serving.crash_mtbf: no source gives a crash rate
    },
    zip: {
      resources: { cpu: '200m', memory: '128Mi', gpu: 0 }, // KS "Node pools (2020)": zip consumer 200m / 128Mi
      startup: { kind: 'lognormal', mean: '20s', cv: 0.5 }, // assumption: same image and pull as the image consumer
      // assumption: 20 ms of CPU per image to unzip it and to add its result to the results zip
      // (Python zipfile at ~100 MB/s on one vCPU for a 1.5 MB image; results are 5.6 kB).
      per_image_cpu: '20ms',
      crash_mtbf: 'never', // off by default: no source gives a crash rate
    },
  },

  serving: {
    profile: DEFAULT_PROFILE_2020, // the V100 PanopticNet profile derived from the paper (issue 3)
    service_time: 'profile', // GPU time per batch from serving.profile
    // off: the profiles are measured as independent samples (no time series); the live calibration
    // fits it from the model server's per-batch log
    residual_correlation: 0,
    // off: a time constant and a warm-up need a time series of batches with start times, which only
    // the live calibration has (sim/live/calibration.ts fits both from the model server's batch log)
    residual_correlation_time: '0s',
    idle_warmup: { after: '0s', extra: 0 },
    // off: a level that drifts over seconds needs a time series of batches; the live calibration fits it
    host_drift: { time: '0s', sd: 0 },
    routing: 'random', // KS "Tiling, batching and the gRPC call": a new channel per request -> spread per request
    batching: {
      enabled: true, // KS "Two configurations": TF-Serving 1.15 with batching (2020)
      max_batch_size: 128, // KS "Two configurations": max_batch_size 128
      batch_timeout: '1s', // KS "Two configurations": batch_timeout 1 s
      max_enqueued_batches: 512, // KS "TF-Serving pods": max_enqueued_batches 512
      num_batch_threads: 2, // kiosk-tf-serving 0.2.1 writers.py: multiprocessing.cpu_count() = node vCPUs (n1-highmem-2: 2); model/REFERENCE.md
    },
    tiling: {
      enabled: true, // KS "Two configurations": 256x256 float32 tiles (2020)
      tile_size: 256, // KS "Tiling, batching and the gRPC call": 256x256
      stride_fraction: 0.75, // KS "Tiling...": stride ceil(0.75 x 256) = 192
      tiles_per_request: 16, // KS "Tiling...": 64 // ((256/128)^2 x 1) = 16 -> 3 calls per image
    },
    grpc: {
      deadline: '20s', // KS "Tiling...": deadline 20 s (both eras)
      retry_backoff: '3s', // KS "Tiling...": sleep 3 s and retry
      max_retries: 0, // KS "Tiling...": MAX_RETRY 0 (2020): retries never stop
      // off (today's model): the paper's profile is derived from whole-kiosk throughput, which already
      // carries the calls' cost; the live calibration measures it (client time minus server time)
      call_overhead: 0,
      // assumption: half before (connect, send), half after (receive, wake-up); used only when
      // call_overhead is not 0, and the live calibration measures it from the server's timestamps
      call_overhead_before: 0.5,
      // 0 (today's model): grpc_clients._retry_grpc sleeps GRPC_BACKOFF with time.sleep, whose lateness
      // on an idle node is far below the 3 s back-off, and gRPC enforces the 20 s deadline itself; the
      // live calibration measures it (sim/live/calibration.ts: deadline notice, refusals, timer lateness)
      retry_lateness: 0,
    },
    resources: { cpu: 1, memory: '3.5GiB', gpu: 1 }, // KS "Node pools (2020)": tf-serving requests 1 CPU, 3.5 GiB, 1 GPU
    // assumption: 60 s from container start to server listening (lognormal, cv 0.3): pulling and
    // extracting the multi-GB TF-Serving GPU image on a fresh node. PL gives "image pull" as a step of
    // GPU node start without a figure.
    startup: { kind: 'lognormal', mean: '60s', cv: 0.3 },
    // assumption: 30 s to load the model (lognormal, cv 0.3): copy the ~100 MB SavedModel from the
    // bucket, build the graph, initialise CUDA/cuDNN. PL names "model load" without a figure.
    model_load: { kind: 'lognormal', mean: '30s', cv: 0.3 },
    // assumption: no spontaneous crashes; the reference gives no crash rate (KS "TF-Serving pods" only
    // says crashes restart with CrashLoopBackOff). Set a duration to study them.
    crash_mtbf: 'never',
    restart_backoff: {
      initial: '10s', // KS "TF-Serving pods": CrashLoopBackOff 10 s ...
      max: '5m', // KS "TF-Serving pods": ... doubling to 5 min
      reset_after: '10m', // Kubernetes docs, "Pod lifecycle / container restart policy": reset after 10 min running
    },
  },

  cluster: {
    zones: 2, // KS "Node pools (2020)": the figures assume 2 zones
    // Kubernetes pod spec default terminationGracePeriodSeconds: 30 s; the kiosk's charts do not set it
    termination_grace: '30s',
    pools: {
      gpu: {
        machine: 'n1-highmem-2', // KS "TF-Serving pods" / "Node pools (2020)": n1-highmem-2 + 1 GPU
        gpus: 1, // KS "TF-Serving pods": one GPU per node
        gpu_type: 'V100', // seed supplement: "NVIDIA Tesla-V100 GPUs were used in all benchmarking runs"
        preemptible: true, // KS "Node pools (2020)": preemptible
        min: 0, // KS "Node pools (2020)": 0 / GPU max
        max: 1, // KS "Benchmark design": GPU max 1, 4, 8; paper cells set theirs
        // PL "Preemptible and Spot VMs": GKE GPU node start measured by users: VM up ~4.5 min, driver
        // ~4.5 min later (~9 min), ~10 min from autoscaler trigger (2020). Spread (cv) is an assumption.
        provisioning: { kind: 'lognormal', mean: '4.5m', cv: 0.15 },
        gpu_ready_delay: { kind: 'lognormal', mean: '4.5m', cv: 0.25 },
      },
      consumer: {
        machine: 'n1-standard-2', // KS "Node pools (2020)": n1-standard-2
        gpus: 0,
        gpu_type: 'none',
        preemptible: true, // KS "Node pools (2020)": preemptible
        min: 1, // KS "Node pools (2020)": 1 / 1000
        max: 1000,
        // PL "Cluster autoscaler": request to pods schedulable usually 3-4 min on GCE (node boot 1-2 min of it)
        provisioning: { kind: 'uniform', min: '3m', max: '4m' },
        gpu_ready_delay: 0, // CPU pool: no GPU driver
      },
      default: {
        machine: 'n1-standard-4', // KS "Node pools (2020)": default pool n1-standard-4
        gpus: 0,
        gpu_type: 'none',
        preemptible: false, // KS "Node pools (2020)": not preemptible
        min: 1, // KS "Node pools (2020)": 1 / 1000
        max: 1000,
        provisioning: { kind: 'uniform', min: '3m', max: '4m' }, // PL "Cluster autoscaler": 3-4 min
        gpu_ready_delay: 0,
      },
    },
    preemption: {
      // Derivation: PL "Preemptible and Spot VMs": preemptible V100s preempted before 23.5 h: 5 of 48.
      // Memoryless lifetime with P(T < 23.5 h) = 5/48: mean = 23.5 h / -ln(1 - 5/48) = 213.6 h.
      model: 'exponential',
      mean_lifetime: '213.6h',
      // bathtub (model: bathtub): PL "Preemptible and Spot VMs", all-data fit (n = 717, 2019)
      a: 0.414,
      b: '24.45h',
      tau1: '0.95h',
      tau2: '0.767h',
      notice: '30s', // PL "Preemptible and Spot VMs": 30 s notice
      grace: '15s', // PL: GKE graceful shutdown gives ordinary pods 15 s
      cap: '24h', // PL: preemptible VMs always stopped within 24 h
    },
    autoscaler: {
      enabled: true, // KS "Autoscaling" 3: GKE cluster autoscaler for every pool
      scan_interval: '10s', // PL "Cluster autoscaler": scans every 10 s
      request_delay: '5s', // PL: the request reaches the cloud in ~5 s
      max_provision_time: '15m', // PL: nodes not up after 15 min count as failed
      scale_down_unneeded: '10m', // PL: below 50% for 10 min -> deleted
      scale_down_delay_after_add: '10m', // PL: no scale-down for 10 min after a scale-up
      utilization_threshold: 0.5, // PL: below 50% of requested resources
      max_bulk_delete: 10, // PL: empty nodes deleted up to 10 at a time
    },
  },

  autoscaling: {
    policy: 'kiosk', // KS "Autoscaling": HPAs + kiosk-autoscaler
    // assumption: illustrative replica counts for policy fixed (the kiosk never ran fixed replicas).
    fixed: { serving: 1, image_consumers: 10, zip_consumers: 1 },
    hpa: {
      sync_period: '15s', // PL "Horizontal Pod Autoscaler": runs every 15 s
      tolerance: 0.1, // PL: no change while |1 - ratio| <= 0.1
      mode: 'legacy', // KS "Autoscaling" 2: no behavior set, GKE 1.14 -> legacy rules
      downscale_stabilization: '5m', // PL: legacy 5 min downscale stabilisation
      behavior: {
        // PL "Horizontal Pod Autoscaler": 1.18+ defaults
        scale_up: {
          stabilization_window: '0s', // PL: scale-up window 0
          policies: [
            { type: 'Percent', value: 100, period: '15s' }, // PL: +100% per 15 s
            { type: 'Pods', value: 4, period: '15s' }, // PL: +4 pods per 15 s
          ],
          select_policy: 'Max', // PL: max of the two
        },
        scale_down: {
          stabilization_window: '300s', // PL: scale-down window 300 s
          policies: [{ type: 'Percent', value: 100, period: '15s' }], // PL: 100% per 15 s
          select_policy: 'Max',
        },
      },
    },
    metrics: {
      scrape_interval: '15s', // KS "Two configurations": Prometheus scrape 15 s (2020)
      eval_interval: '15s', // KS "Two configurations": rule evaluation 15 s (2020)
      // assumption: 0 s: the custom-metrics adapter queries Prometheus on each HPA request, so values
      // carry only the scrape + evaluation lag; its relist interval only delays discovering new series.
      adapter_lag: '0s',
      // assumption: 10 s, the sample period of cAdvisor's container_accelerator_duty_cycle (NVML's
      // average utilisation); the reference does not give the window of the kiosk's GPU metric.
      gpu_window: '10s',
    },
    serving: {
      target_gpu_percent: 70, // KS "Autoscaling" 2: tf-serving target 70 (%)
      min: 1, // KS "Autoscaling" 2: min 1
    },
    image_consumer: {
      target: 0.15, // KS "Autoscaling" 2: target 0.15
      min: 1, // KS "Autoscaling" 2: min 1
      max_per_gpu: 150, // KS "Autoscaling" 2: max 150 x GPU max
      consumers_per_gpu_limit: 150, // KS "Autoscaling" 2: the [c/g <= 150] branch
      overload_factor: 0.75, // KS "Two configurations": 0.75 x 0.15 = 0.1125 (2020)
    },
    zip_consumer: {
      target: 2, // KS "Two configurations": zip-consumer HPA target 2 (2020)
      min: 1, // KS "Autoscaling" 2: min 1
      max_per_gpu: 100, // KS "Autoscaling" 2: max 100 x GPU max
    },
    kiosk_autoscaler: { interval: '5s' }, // KS "Autoscaling" 1: every 5 s
    keda: {
      list_length: 5, // KEDA docs, Redis Lists scaler: listLength default 5
      polling_interval: '30s', // PL "KEDA": polling 30 s
      cooldown: '300s', // PL "KEDA": cooldown 300 s
    },
  },

  cost: {
    // KS "Prices (USD/h, as of 6/17/19)": the built-in table of sim/model/cost/prices.ts, the paper's method.
    // The loader replaces cost.prices below with the table cost.price_table names (load.ts), so a scenario's
    // own cost.prices apply on top of whichever table it chose.
    price_table: DEFAULT_PRICE_TABLE,
    prices: snakePrices(PRICE_TABLES[DEFAULT_PRICE_TABLE].table),
    // KS "Cost methodology": the paper's constants, from sim/model/cost/dataCosts.ts
    storage_per_gb_month: PAPER_DATA_COSTS.storagePerGbMonth,
    storage_egress_per_gb: PAPER_DATA_COSTS.storageEgressPerGb,
    operations_per_10k: 0.054, // (0.05 class A + 0.004 class B) $ per 10,000 operations, as PAPER_DATA_COSTS
    inter_zone_egress_per_gb: PAPER_DATA_COSTS.interZonePerGb,
  },
} satisfies ScenarioInput;
