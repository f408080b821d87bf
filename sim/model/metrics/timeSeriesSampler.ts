import type { Cluster } from '../cluster/cluster.ts';
import type { RunCost } from '../cost/runCost.ts';
import { TimeSeries } from '../../engine/stats/timeSeries.ts';
import type { ServingContainers } from '../serving/servingContainers.ts';
import type { ConsumerPods, JobState, RedisState, RunBasics } from '../state.ts';

/** What the sampler reads: the shared state and the components whose gauges it records. */
export interface SampledParts {
  state: RunBasics & RedisState & JobState & ConsumerPods;
  cluster: Cluster;
  serving: ServingContainers;
  cost: RunCost;
}

/**
 * The run's time series (timeseries.csv): every `timeseries_interval`, the queues, the pods and nodes,
 * the GPU utilization and throughput since the last sample, the cost so far. Rates over the interval
 * are this sampler's own memory; the components it reads are not changed by reading them.
 */
export const TIMESERIES_COLUMNS = [
  'queue_zip', 'queue_image', 'inflight_zip', 'inflight_image',
  'pods_serving_pending', 'pods_serving_starting', 'pods_serving_ready', 'pods_serving_terminating',
  'pods_image_consumer', 'pods_zip_consumer', 'pods_consumer_pending',
  'replicas_serving', 'replicas_image_consumer', 'replicas_zip_consumer',
  'nodes_gpu', 'nodes_gpu_provisioning', 'nodes_cpu', 'gpu_utilization', 'cost_usd',
  'completed_images', 'throughput_images_per_s', 'retries',
] as const;

export type TimeSeriesColumn = (typeof TIMESERIES_COLUMNS)[number];

export class TimeSeriesSampler {
  private lastAt = 0;
  private lastDone = 0;
  private lastBusy = 0;

  /** One row per sample, the columns in timeseries.csv's order. */
  readonly series = new TimeSeries(TIMESERIES_COLUMNS);

  constructor(private readonly parts: SampledParts) {}

  sample(): void {
    const { state, cluster, serving, cost } = this.parts;
    const now = state.sim.now;
    const done = state.record.completed + state.record.failed;
    const dt = now - this.lastAt;
    const throughput = dt > 0 ? (done - this.lastDone) / dt : 0;
    // the cluster's phase counts (cluster/podPhases.ts), not a pass over the pod lists every sample
    const phases = cluster.phases;
    const ready = phases.count('tf-serving', 'running');
    const busy = serving.gpuBusyUntilNow();
    const util = dt > 0 && ready > 0 ? (busy - this.lastBusy) / (dt * ready) : 0;
    const nodes = nodeCounts(cluster);
    this.lastAt = now;
    this.lastDone = done;
    this.lastBusy = busy;
    this.series.record(now, {
      queue_zip: state.zipQueue.length,
      queue_image: state.imageQueue.length,
      inflight_zip: state.inFlightZip,
      inflight_image: state.inFlightImage,
      pods_serving_pending: phases.count('tf-serving', 'pending'),
      pods_serving_starting: phases.count('tf-serving', 'starting'),
      pods_serving_ready: ready,
      pods_serving_terminating: phases.count('tf-serving', 'terminating'),
      pods_image_consumer: phases.count('image-consumer', 'running'),
      pods_zip_consumer: phases.count('zip-consumer', 'running'),
      pods_consumer_pending: cluster.pending.consumer.length,
      replicas_serving: cluster.deployments['tf-serving'].replicas,
      replicas_image_consumer: cluster.deployments['image-consumer'].replicas,
      replicas_zip_consumer: cluster.deployments['zip-consumer'].replicas,
      nodes_gpu: nodes.gpuBilled,
      nodes_gpu_provisioning: nodes.gpuProvisioning,
      nodes_cpu: nodes.cpuBilled,
      gpu_utilization: Math.min(1, util),
      cost_usd: cost.totalAt(now, state.record.completed),
      completed_images: done,
      throughput_images_per_s: throughput,
      retries: state.counters.retries,
    });
  }
}

/**
 * The node columns from the cluster's node counts (kept as states change): billed means the VM exists (every
 * state but `requested`, as NodeList.billed counts); provisioning, booting or waiting for the GPU driver.
 */
function nodeCounts(cluster: Cluster): { gpuBilled: number; gpuProvisioning: number; cpuBilled: number } {
  return {
    gpuBilled: cluster.billedNodes('gpu'),
    gpuProvisioning: cluster.nodesIn('gpu', 'provisioning') + cluster.nodesIn('gpu', 'gpu-unready'),
    cpuBilled: cluster.billedNodes('consumer') + cluster.billedNodes('default'),
  };
}
