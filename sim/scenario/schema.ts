/**
 * The scenario file: ONE schema, the single source of truth for
 *   - the TypeScript types of a scenario as written (`ScenarioInput` = z.input) and as validated
 *     (`ScenarioParsed` = z.output: same tree, snake_case keys, values in SI units),
 *   - validation (strict mappings: unknown keys are rejected; every field says what it expects),
 *   - the JSON Schema printed by `kiosk-sim schema` (jsonSchema.ts).
 *
 * Every field is optional: a file is an overlay on its preset (`extends`), and the defaults fill the
 * rest. The default VALUES and their sources (reference file and section, or "assumption:" with the
 * reasoning) live in one place, defaults.ts (the 2020 kiosk) and presets.ts (the 2019 differences),
 * in the same key order as this tree; `kiosk-sim schema` prints each default next to its field.
 *
 * normalize.ts turns the validated tree into the model's KioskConfig (sim/model/config.ts) by one
 * generic transform (camelTree.ts) and a few derivations; configType.ts checks at compile time that
 * this tree, camelCased, is KioskConfig.
 */
import { z } from 'zod';
import { distribution } from './distribution.ts';
import { PRICE_TABLE_IDS } from '../model/cost/priceTables.ts';

/** Hourly prices (USD) by name: machine types or GPU types. */
const hourlyPrices = (description: string) =>
  z
    .record(z.string(), z.strictObject({
      on_demand: real('USD per hour, on-demand.', { min: 0 }),
      preemptible: real('USD per hour, preemptible.', { min: 0 }),
    }))
    .meta({ description })
    .optional();

/** Most images per run: the per-image records (9 times, 3 counters, status: ~85 bytes) plus summaries
 * come to ~100 bytes per image, so 10^8 images need ~10 GB (the paper's largest run is 10^6). */
const MAX_IMAGES = 100_000_000;
/** Most fixed consumer pods: 10^6 is 6,700x the kiosk's 150 consumers per GPU on one GPU (sim/model/REFERENCE.md). */
const MAX_PODS = 1_000_000;
import {
  bandwidth, bool, cpu, duration, durationOrNever, integer, oneOf, controlPeriod, period, periodOrZero, rate, real, section, size, text,
} from './fields.ts';

const resources = (who: string) =>
  section(`Resource requests of one ${who} pod (what the scheduler reserves on a node).`, {
    cpu: cpu('CPU request: "300m" = 0.3 cores.'),
    memory: size('Memory request, e.g. "256Mi" or "3.5GiB".'),
    gpu: integer('GPUs requested (0 or 1).', { min: 0, max: 8 }),
  });

const transfer = (what: string) =>
  section(`${what}: overrides storage.latency / storage.bandwidth for this step.`, {
    latency: duration('Fixed time per transfer (request round trips, first byte).'),
    bandwidth: bandwidth('Throughput of one transfer stream.'),
  });

const pool = (what: string) =>
  section(`${what} node pool.`, {
    machine: text('GCE machine type, e.g. "n1-highmem-2"; its allocatable CPU and memory come from the built-in catalogue (machines.ts) unless cpu/memory are set.'),
    cpu: cpu('Allocatable CPU per node for pods (overrides the machine catalogue).'),
    memory: size('Allocatable memory per node for pods (overrides the machine catalogue).'),
    gpus: integer('GPUs per node.', { min: 0, max: 16 }),
    gpu_type: text('GPU type ("V100", "T4", "A100", "L4", "H100"; "none" for CPU pools). On the GPU pool it also picks that GPU\'s serving profile for the era and its host machine (sim/scenario/gpuCatalogue.ts) unless serving.profile or the machine is set; prices come from cost.prices.gpus.'),
    preemptible: bool('Preemptible (or Spot) VMs: cheaper, stopped with a 30 s notice (cluster.preemption).'),
    min: integer('Minimum nodes (the cluster autoscaler never goes below).'),
    max: integer('Maximum nodes (the cluster autoscaler never goes above).'),
    provisioning: distribution('Time from the cloud request to node Ready (VM creation and boot).'),
    gpu_ready_delay: distribution('Time from node Ready to the GPU being allocatable (driver install); 0 for CPU pools.'),
  });

const scalingPolicy = (what: string) =>
  section(`${what} scaling direction of the HPA's behavior field (Kubernetes >= 1.18, hpa.mode behavior).`, {
    stabilization_window: duration('Window over which recommendations are remembered.'),
    policies: z
      .array(
        z.strictObject({
          type: oneOf(['Pods', 'Percent'] as const, 'Pods: add/remove this many pods per period; Percent: this percentage of the current replicas.'),
          value: integer('Pods or percent per period.', { min: 1 }),
          period: duration('Length of the policy period.', { above: 0 }),
        }),
        { error: (iss) => `expected a list of {type, value, period} mappings, found ${typeof iss.input}` },
      )
      .meta({ description: 'Rate-limiting policies (a list replaces the preset list as a whole).' })
      .optional(),
    select_policy: oneOf(['Max', 'Min', 'Disabled'] as const, 'Which policy wins when several allow different changes.'),
  });

export const scenarioSchema = z
  .strictObject({
    name: text('Scenario name (default: the file name without extension). Not inherited through extends.'),
    description: text('Free text describing the scenario. Not inherited through extends.'),
    extends: text('A built-in preset ("kiosk-2020", "kiosk-2019") or a YAML file relative to this one; this file is merged over it (mappings merge, lists and scalars replace).'),
    era: z
      .union([z.literal('2019'), z.literal('2020'), z.literal(2019), z.literal(2020)], { error: (iss) => `expected 2019 or 2020, found ${JSON.stringify(iss.input)}` })
      .transform((v) => String(v) as '2019' | '2020')
      .meta({ description: 'Which kiosk configuration the era-specific rules follow (consumer metric formula, queue names); set by the presets.' })
      .optional(),
    seed: integer('Root seed; every random stream is derived from it, replications get derived seeds.', { min: 0 }),
    replications: integer('Independent runs with derived seeds; summaries give mean, sd and 95% CI across them.', { min: 1 }),
    time_limit: duration('Simulated-time limit: a run not finished by then stops with completed=false.', { above: 0 }),
    timeseries_interval: controlPeriod('Sampling interval of timeseries.csv.'),
    faults: z
      .array(
        z.strictObject({
          at: duration('When the fault happens, after the run\'s start.'),
          kind: oneOf(['consumer-kill', 'server-restart', 'redis-down'] as const,
            'consumer-kill: an image consumer holding a job (the first one to hold one from `at` on) is killed and replaced by a new pod, its key left to the janitor; server-restart: every tf-serving container is killed (its queued calls get UNAVAILABLE) and starts again after `duration` (then serving.model_load); redis-down: Redis answers nothing for `duration` (a consumer\'s command waits until it is back, see redis.retry_interval: a poll then gets its key, work in hand stops at its next status write).'),
          duration: duration('server-restart: time until the server starts again; redis-down: length of the outage; not used by consumer-kill.'),
        }),
        { error: (iss) => `expected a list of {at, kind, duration} mappings, found ${typeof iss.input}` },
      )
      .meta({ description: 'Faults at given times, for comparing a faulty live run with its simulation (a list replaces the preset list as a whole); empty = none.' })
      .optional(),

    workload: section('The images to process and how they arrive.', {
      images: integer('Number of images to process.', { min: 1, max: MAX_IMAGES, why: 'each image keeps ~100 bytes of records; 10^8 is ~10 GB' }),
      images_per_zip: integer('Images per zip file (the benchmark uploads zips of 100).', { min: 1 }),
      image_width: integer('Image width in pixels.', { min: 1 }),
      image_height: integer('Image height in pixels.', { min: 1 }),
      image_size: size('Size of one raw image in storage.'),
      result_size: size('Size of one result (label image) in storage.'),
      arrival: section('How jobs enter the system. Parameters that do not belong to the kind are rejected.', {
        kind: oneOf(['paced', 'upload', 'poisson', 'deterministic', 'trace'] as const,
          'paced: zip i created at i x start_delay (the benchmark); upload: zips uploaded over one shared link; poisson: random arrivals at `rate`; deterministic: one every `interval`; trace: times read from `file`.'),
        start_delay: duration('paced: time between zip creations (START_DELAY; 0.5 s ~ 2.4 Gbps, 5 s ~ 240 Mbps for 150 MB zips).', { above: 0 }),
        bandwidth: bandwidth('upload: bandwidth of the shared upload link.'),
        concurrency: integer('upload: zips uploaded at once (they share the bandwidth equally).', { min: 1 }),
        rate: rate('poisson: mean arrivals per second ("10/s", "600/min").'),
        interval: duration('deterministic: time between arrivals.', { above: 0 }),
        unit: oneOf(['image', 'zip'] as const, 'poisson, deterministic, trace: whether each arrival is one image or one zip of images_per_zip images.'),
        file: text('trace: CSV file of arrival times in seconds, one per row (header optional), relative to this scenario file.'),
      }),
    }),

    storage: section('The storage bucket: each of the eight transfer steps takes latency + bytes / bandwidth.', {
      enabled: bool('false: every transfer takes zero time (an ideal stage, for textbook checks).'),
      latency: duration('Fixed time per transfer, for every step unless the step overrides it.'),
      bandwidth: bandwidth('Throughput of one transfer, for every step unless the step overrides it.'),
      steps: section('Per-step overrides (the supplement\'s eight transfer steps).', {
        zip_up: transfer('1. client uploads the zip'),
        zip_down: transfer('2. zip consumer downloads the zip'),
        image_up: transfer('3. zip consumer uploads each raw image'),
        image_down: transfer('4. image consumer downloads the raw image'),
        result_up: transfer('5. image consumer uploads the result'),
        result_down: transfer('6. zip consumer downloads each result'),
        results_zip_up: transfer('7. zip consumer uploads the zip of results'),
        client_down: transfer('8. client downloads the zip of results'),
      }),
      variation: section('Per-request variation of every transfer (sim/model/bucket/variation.ts).', {
        kind: oneOf(['constant', 'lognormal'] as const, 'constant: every request takes latency + bytes / bandwidth; lognormal: each request draws its latency and throughput around those settings (their medians).'),
        latency_sigma: real('lognormal: sigma of ln(latency); 0 keeps the latency constant.', { min: 0, max: 5 }),
        bandwidth_sigma: real('lognormal: sigma of ln(throughput); 0 keeps the throughput constant.', { min: 0, max: 5 }),
      }),
    }),

    redis: section('Redis queues as the consumers use them (polling, processing lists, janitor).', {
      queues: section('Queue names (cosmetic: they appear in outputs).', {
        image: text('Image queue name (2020 "segmentation", 2019 "predict").'),
        zip: text('Zip queue name (2020 "segmentation-zip", 2019 "predict-zip").'),
      }),
      op_latency: duration('Time of one Redis round trip; 0 makes Redis ideal.'),
      rotation_tick: periodOrZero(
        'Step in which zip consumers cycling over unfinished parents are simulated together; pop times stay exact, other components see them up to this late. 0 = one event per cycle (exact).',
      ),
      empty_queue_sleep: duration('Consumer sleep after finding its queue empty.'),
      put_back_sleep: duration('Consumer sleep after putting an unfinished (waiting) job back on the queue.'),
      empty_poll_round_trips: integer('Redis round trips (op_latency each) of the consumer loop between two empty polls, added to empty_queue_sleep (the kiosk\'s loop: purge the processing list, RPOPLPUSH = 2); 0 = the period is empty_queue_sleep exactly.', { min: 0, max: 100 }),
      empty_poll_jitter: distribution('Lateness added to every empty-queue sleep (a timer that wakes late on a loaded host); anything but 0 simulates each empty poll as its own event.'),
      retry_interval: periodOrZero('While Redis is down (a redis-down fault), how often a consumer\'s client sends a failed command again (kiosk-redis-consumer\'s RedisClient: every REDIS_TIMEOUT, 3 s; the live harness\'s ioredis: 0.1 s): a command issued during an outage completes at its first try after Redis is back. 0 = the moment Redis is back.'),
      janitor: section('The janitor: requeues work held by pods that died.', {
        enabled: bool('Run the janitor.'),
        interval: controlPeriod('Time between janitor passes.'),
        stale_after: duration('A processing key is requeued when its pod is not Running and it was not updated for this long.'),
      }),
    }),

    consumers: section('The redis-consumer pods.', {
      image: section('Image (segmentation) consumers: download, pre-process, predict, post-process, upload.', {
        resources: resources('image consumer'),
        startup: distribution('Pod start: scheduled to running (image pull, container start).'),
        preprocess: distribution('CPU pre-processing time per image.'),
        status_updates: integer('Status HSETs per image, one Redis round trip (op_latency) each, in the kiosk\'s order: started, pre-processing, predicting (before the Predict calls), post-processing, saving-results (after), done (after the image is finished); the kiosk writes 6, 0 = free.', { min: 0, max: 6 }),
        postprocess: distribution('CPU post-processing time per image; "profile" draws from the serving profile\'s measured post-processing times.', { allowProfile: true }),
        crash_mtbf: durationOrNever('Mean time between consumer crashes (any uncaught exception exits the process; the kubelet restarts it with CrashLoopBackOff); "never" = no crashes.'),
      }),
      zip: section('Zip consumers: expand zips into image jobs, wait, re-zip the results.', {
        resources: resources('zip consumer'),
        startup: distribution('Pod start: scheduled to running.'),
        per_image_cpu: duration('CPU time per image to unpack the zip and to add the result to the results zip.'),
        crash_mtbf: durationOrNever('Mean time between zip-consumer crashes; "never" = no crashes.'),
      }),
    }),

    serving: section('TensorFlow Serving pods (one GPU each) and how consumers call them.', {
      profile: text('Serving profile JSON (GPU seconds per batch as a function of batch and tile size); relative to this file, or to the repository root for calibrate/profiles/...'),
      service_time: distribution('GPU time per batch: "profile" (use serving.profile) or a distribution (textbook checks).', { allowProfile: true }),
      residual_correlation: real('Lag-1 correlation of successive batches\' service-time residuals (an AR(1) on their normal scores; each batch keeps the profile\'s distribution): slow batches come in bursts on a contended host. 0 = independent draws.', { min: 0, max: 0.99 }),
      residual_correlation_time: duration('Time constant of the service-time residuals\' memory in seconds (an Ornstein-Uhlenbeck process on their normal scores: batches dt apart correlate exp(-dt / this)): a slow spell lasts a time, not a number of batches. Above 0 it replaces residual_correlation; 0 = off.'),
      host_drift: section('A slow drift of the host\'s speed: every batch x exp(sd X(t)), X an Ornstein-Uhlenbeck process in seconds (sim/model/serving/hostDrift.ts): a shared host\'s other work comes and goes over seconds. Off when sd or time is 0.', {
        time: duration('Time constant of the slow level (seconds); 0 = off.'),
        sd: real('Standard deviation of the log of the factor; 0 = off.', { min: 0 }),
      }),
      idle_warmup: section('A server\'s first batch after an idle gap runs slower (caches, clocks, allocator state gone cold).', {
        after: duration('Idle gap (last batch end to this batch\'s start; the first batch always counts) from which a batch is slowed.'),
        extra: real('The slowed batch takes (1 + extra) x its drawn time; 0 = off.', { min: 0 }),
      }),
      routing: oneOf(['random', 'round-robin', 'least-loaded'] as const, 'How a request picks a server: random per request (the kiosk: a new gRPC channel per request through kube-proxy in iptables mode), round-robin (kube-proxy in IPVS mode) or the least-loaded server.'),
      batching: section('TF-Serving\'s batching scheduler, per pod.', {
        enabled: bool('Batching on (off: each request runs alone).'),
        max_batch_size: integer('Largest batch (tiles in 2020, images in 2019); a larger request is rejected.', { min: 1 }),
        batch_timeout: duration('How long a batch waits to fill (batch_timeout_micros).'),
        max_enqueued_batches: integer('Queue capacity in batches; beyond it requests get UNAVAILABLE.', { min: 1 }),
        num_batch_threads: integer('Batch threads: each takes a batch when free and holds it until the GPU has run it; an open batch past its timeout keeps filling while all are busy (the kiosk: the node\'s vCPUs).', { min: 1 }),
      }),
      tiling: section('Cutting each image into model-sized tiles (2020).', {
        enabled: bool('Tile the image (off: the whole image is one request of size 1, 2019).'),
        tile_size: integer('Tile side in pixels.', { min: 1 }),
        stride_fraction: real('Stride as a fraction of the tile side (stride = ceil(fraction x tile)).', { above: 0, max: 1 }),
        tiles_per_request: integer('Tiles sent in one Predict call (calls per image run one after another).', { min: 1 }),
      }),
      grpc: section('The consumer\'s Predict call.', {
        deadline: durationOrNever('Client deadline per call ("never" for textbook checks).'),
        retry_backoff: period('Sleep before retrying after DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED or UNAVAILABLE.'),
        max_retries: integer('Retries before the job fails; 0 = retry for ever.', { min: 0 }),
        call_overhead: distribution('Client-side time of one call outside the server (connect, send, receive, wake-ups, compression), spent inside the deadline: call_overhead_before of it before the request reaches the server, the rest after its answer. 0 = none.'),
        call_overhead_before: real('Fraction of call_overhead spent before the request reaches the server.', { min: 0, max: 1 }),
        retry_lateness: distribution('Extra time before each retry, on top of retry_backoff: the client noticing its deadline late, a refused call\'s own time, the back-off sleep waking late (a loaded host). 0 = the retry comes exactly retry_backoff after the deadline or the refusal.'),
      }),
      resources: resources('tf-serving'),
      startup: distribution('Container start to server listening (includes the image pull on a fresh node).'),
      model_load: distribution('Server listening to model loaded (requests before that get UNAVAILABLE: no readiness probe).'),
      crash_mtbf: durationOrNever('Mean time between server crashes ("never" = no crashes).'),
      restart_backoff: section('CrashLoopBackOff of a crashed container.', {
        initial: duration('First restart delay.', { above: 0 }),
        max: duration('Cap of the doubling delay.', { above: 0 }),
        reset_after: duration('Running this long without a crash resets the delay.', { above: 0 }),
      }),
    }),

    cluster: section('The Kubernetes cluster: node pools, preemption and the cluster autoscaler.', {
      zones: integer('Zones the cluster spans (inter-zone traffic is charged; 2 in the paper\'s figures).', { min: 1 }),
      termination_grace: duration('Pods\' terminationGracePeriodSeconds: a pod deleted on a scale-down or a node drain keeps running this long, then is killed (preemption uses cluster.preemption.grace).'),
      pools: section('The three node pools.', {
        gpu: pool('Prediction (GPU)'),
        consumer: pool('Consumer (CPU)'),
        default: pool('Default (frontend, Redis, Prometheus, autoscaler, janitor)'),
      }),
      preemption: section('Preemption of preemptible nodes. Parameters that do not belong to the model are rejected.', {
        model: oneOf(['none', 'exponential', 'bathtub'] as const, 'none: never preempted; exponential: memoryless lifetime; bathtub: the HPDC 2020 fit (high early hazard, spike near 24 h).'),
        mean_lifetime: duration('exponential: mean node lifetime.', { above: 0 }),
        a: real('bathtub: A, scale of the CDF (0 < A < 1).', { above: 0, max: 1 }),
        b: duration('bathtub: time of the end-of-life spike.', { above: 0 }),
        tau1: duration('bathtub: time constant of early preemptions.', { above: 0 }),
        tau2: duration('bathtub: time constant of the end-of-life spike.', { above: 0 }),
        notice: duration('Warning before the VM stops.'),
        grace: duration('Graceful shutdown given to pods within the notice.'),
        cap: duration('Hard cap on a preemptible VM\'s life.', { above: 0 }),
      }),
      autoscaler: section('The GKE cluster autoscaler.', {
        enabled: bool('Add nodes for unschedulable pods and remove unneeded ones (off: pools stay at min).'),
        scan_interval: controlPeriod('Time between scans for unschedulable pods.'),
        request_delay: duration('Time for a node request to reach the cloud.'),
        max_provision_time: duration('A node not Ready after this long counts as failed.', { above: 0 }),
        scale_down_unneeded: duration('A node under the utilisation threshold this long is removed.'),
        scale_down_delay_after_add: duration('No scale-down for this long after a scale-up.'),
        utilization_threshold: real('Requested/allocatable below which a node is unneeded (GPU nodes: GPU requests only).', { min: 0, max: 1 }),
        max_bulk_delete: integer('Empty nodes deleted at once.', { min: 1 }),
      }),
    }),

    autoscaling: section('Pod autoscaling: the kiosk\'s HPAs and kiosk-autoscaler, KEDA, or fixed replicas.', {
      policy: oneOf(['kiosk', 'keda', 'fixed'] as const, 'kiosk: the paper\'s HPAs + kiosk-autoscaler; keda: KEDA Redis-list scaler; fixed: constant replicas (autoscaling.fixed).'),
      fixed: section('Replicas under policy fixed.', {
        serving: integer('tf-serving pods (each needs a GPU node).', { min: 0 }),
        image_consumers: integer('Image consumer pods.', { min: 0, max: MAX_PODS, why: 'each pod is a simulated process with its own state' }),
        zip_consumers: integer('Zip consumer pods.', { min: 0, max: MAX_PODS, why: 'each pod is a simulated process with its own state' }),
      }),
      hpa: section('The Horizontal Pod Autoscaler controller.', {
        sync_period: controlPeriod('Time between HPA evaluations.'),
        tolerance: real('No change while |1 - metric/target| <= tolerance.', { min: 0, max: 1 }),
        mode: oneOf(['legacy', 'behavior'] as const, 'legacy: Kubernetes <= 1.17 (scale-up cap max(2x, 4), 5 min downscale stabilisation; GKE 1.14 ran the kiosk); behavior: 1.18+ windows and policies.'),
        downscale_stabilization: duration('legacy: scale down to the highest recommendation of this window.'),
        behavior: section('behavior mode: stabilisation windows and rate policies.', {
          scale_up: scalingPolicy('Scale-up'),
          scale_down: scalingPolicy('Scale-down'),
        }),
      }),
      metrics: section('The metrics pipeline the HPAs read.', {
        scrape_interval: controlPeriod('Prometheus scrape interval.'),
        eval_interval: controlPeriod('Prometheus rule evaluation interval (recording rules).'),
        adapter_lag: duration('Extra delay of the custom-metrics adapter.'),
        gpu_window: duration('Window over which GPU duty cycle is measured (busy time / window).', { above: 0 }),
      }),
      serving: section('tf-serving HPA.', {
        target_gpu_percent: real('Target mean GPU duty cycle (%).', { above: 0, max: 100 }),
        min: integer('Minimum replicas.', { min: 0 }),
      }),
      image_consumer: section('Image consumer HPA on the kiosk\'s consumer metric.', {
        target: real('Target value of the consumer metric.', { above: 0 }),
        min: integer('Minimum replicas.', { min: 0 }),
        max_per_gpu: integer('Maximum replicas per GPU of cluster.pools.gpu.max.', { min: 1 }),
        consumers_per_gpu_limit: integer('Consumers per tf-serving pod above which the metric switches to the fixed overload value.', { min: 1 }),
        overload_factor: real('Overload value = overload_factor x target (2020: 0.75 -> 0.1125; 2019: 0.9 -> 0.135).', { min: 0 }),
      }),
      zip_consumer: section('Zip consumer HPA on zip-queue keys per replica.', {
        target: real('Target keys per replica.', { above: 0 }),
        min: integer('Minimum replicas.', { min: 0 }),
        max_per_gpu: integer('Maximum replicas per GPU of cluster.pools.gpu.max.', { min: 1 }),
      }),
      kiosk_autoscaler: section('The kiosk-autoscaler (tf-serving 0 <-> 1).', {
        interval: controlPeriod('Time between its checks.'),
      }),
      keda: section('KEDA Redis-list scaler (policy keda).', {
        list_length: integer('Target list length per replica.', { min: 1 }),
        polling_interval: controlPeriod('Time between KEDA polls.'),
        cooldown: duration('Idle time before scaling to zero.'),
      }),
    }),

    cost: section('The cost ledger.', {
      price_table: oneOf(PRICE_TABLE_IDS, 'The built-in price table under cost.prices: gcp-2019-06 (the kiosk\'s 2019-06-17 prices, the paper\'s method) or gce-us-west1-2026-12 (GCE us-west1 read 2026-12-01, Spot as preemptible); cost.prices and price_file apply on top.'),
      prices: section('Hourly prices in USD, on-demand and preemptible, over the table named by cost.price_table.', {
        machines: hourlyPrices('By machine type name.'),
        gpus: hourlyPrices('By GPU type.'),
      }),
      price_file: text('A YAML or JSON file {machines: {...}, gpus: {...}} merged over cost.prices (relative to this scenario file).'),
      storage_per_gb_month: real('Storage price, USD per GB-month.', { min: 0 }),
      storage_egress_per_gb: real('Storage egress price, USD per GB.', { min: 0 }),
      operations_per_10k: real('Storage operations price, USD per 10,000 operations.', { min: 0 }),
      inter_zone_egress_per_gb: real('Inter-zone network egress price, USD per GB.', { min: 0 }),
    }),
  })
  .meta({ title: 'kiosk-sim scenario', description: 'A kiosk-sim scenario: a deployment of the DeepCell Kiosk and a workload to run on it.' });

/** A scenario as written in YAML (units as strings, everything optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario: same tree, values in SI units (still partial until merged with defaults). */
export type ScenarioParsed = z.output<typeof scenarioSchema>;
