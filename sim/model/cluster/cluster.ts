import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { ConsumerPod, KioskContext, ServingPod } from '../kiosk.ts';
import type { PodKind } from './pod.ts';
import { TfServingServer } from '../serving/tfServingPod.ts';

/**
 * Pods and their lifecycle. With the `fixed` autoscaling policy the replica counts are constant and
 * the nodes they need are there from the start; pods still go through pending -> starting ->
 * running, and tf-serving loads its model after the container starts.
 */
export class Cluster {
  private nextPodId = 0;
  readonly servingPods: ServingPod[] = [];
  private readonly servingStartup: Sampler;
  private readonly modelLoad: Sampler;
  private readonly consumerStartup: Record<'image-consumer' | 'zip-consumer', Sampler>;
  private lastBusy = 0;
  private lastSampleAt = 0;
  gpuBusySeconds = 0;

  constructor(private readonly ctx: KioskContext) {
    const s = ctx.streams;
    const c = ctx.config;
    this.servingStartup = makeDistribution(c.serving.startup, s.stream('pods.serving.startup'));
    this.modelLoad = makeDistribution(c.serving.modelLoad, s.stream('pods.serving.modelload'));
    this.consumerStartup = {
      'image-consumer': makeDistribution(c.consumers.image.startup, s.stream('pods.image.startup')),
      'zip-consumer': makeDistribution(c.consumers.zip.startup, s.stream('pods.zip.startup')),
    };
  }

  start(): void {
    const f = this.ctx.config.autoscaling.fixed;
    for (let i = 0; i < f.serving; i++) this.addServingPod();
    for (let i = 0; i < f.imageConsumers; i++) this.addConsumerPod('image-consumer');
    if (!this.ctx.zipsBypassed) for (let i = 0; i < f.zipConsumers; i++) this.addConsumerPod('zip-consumer');
  }

  private finishedAt = NaN;

  finish(): void {
    this.finishedAt = this.ctx.sim.now;
  }

  /** GPU node-seconds: each serving pod is one GPU node, alive from creation to the end. */
  private gpuNodeSeconds(): number {
    const end = Number.isNaN(this.finishedAt) ? this.ctx.sim.now : this.finishedAt;
    return this.servingPods.reduce((s, p) => s + (end - p.createdAt), 0);
  }

  costBreakdown() {
    const c = this.ctx.config;
    const pool = c.cluster.pools.gpu;
    const kind = pool.preemptible ? 'preemptible' : 'onDemand';
    const machine = c.cost.prices.machines[pool.machine.name]?.[kind] ?? 0;
    const gpu = pool.machine.gpuType ? (c.cost.prices.gpus[pool.machine.gpuType]?.[kind] ?? 0) : 0;
    const gpuNodes = (this.gpuNodeSeconds() / 3600) * (machine + gpu);
    return { total: gpuNodes, gpu_nodes: gpuNodes, cpu_nodes: 0, storage: 0, operations: 0, storage_egress: 0, egress: 0 };
  }

  gpuSummary() {
    const nodeSeconds = this.gpuNodeSeconds();
    return { peak_nodes: this.servingPods.length, mean_utilization: nodeSeconds > 0 ? this.gpuBusyUntilNow() / nodeSeconds : 0 };
  }

  private podName(kind: PodKind, id: number): string {
    return `${kind}-${id}`;
  }

  addServingPod(): ServingPod {
    const ctx = this.ctx;
    const id = this.nextPodId++;
    const pod: ServingPod = { id, name: this.podName('tf-serving', id), kind: 'tf-serving', phase: 'starting', createdAt: ctx.sim.now, runningAt: NaN, node: -1, server: null };
    this.servingPods.push(pod);
    ctx.sim.schedule(this.servingStartup(), () => {
      pod.phase = 'running';
      pod.runningAt = ctx.sim.now;
      const server = new TfServingServer(ctx.sim, id, ctx.config.serving.batching, ctx.batchSeconds);
      pod.server = server;
      ctx.endpoints.push(server);
      ctx.sim.schedule(this.modelLoad(), () => {
        if (server.state === 'loading') server.state = 'ready';
      });
    });
    return pod;
  }

  addConsumerPod(kind: 'image-consumer' | 'zip-consumer'): ConsumerPod {
    const ctx = this.ctx;
    const id = this.nextPodId++;
    const pod: ConsumerPod = { id, name: this.podName(kind, id), kind, phase: 'starting', createdAt: ctx.sim.now, runningAt: NaN, node: -1, proc: null, holding: -1, updatedAt: ctx.sim.now };
    (kind === 'image-consumer' ? ctx.imagePods : ctx.zipPods).push(pod);
    ctx.sim.schedule(this.consumerStartup[kind](), () => {
      pod.phase = 'running';
      pod.runningAt = ctx.sim.now;
      pod.updatedAt = ctx.sim.now;
      if (kind === 'image-consumer') ctx.startImageConsumer(pod);
      else ctx.startZipConsumer(pod);
    });
    return pod;
  }

  /** GPU busy seconds over all servers up to now. */
  gpuBusyUntilNow(): number {
    let busy = this.gpuBusySeconds;
    for (const p of this.servingPods) if (p.server) busy += p.server.busyUntilNow();
    return busy;
  }

  snapshot(): Record<string, number> {
    const now = this.ctx.sim.now;
    const count = (pods: { phase: string }[], phase: string) => pods.reduce((n, p) => n + (p.phase === phase ? 1 : 0), 0);
    const busy = this.gpuBusyUntilNow();
    const ready = this.servingPods.filter((p) => p.phase === 'running').length;
    const dt = now - this.lastSampleAt;
    const util = dt > 0 && ready > 0 ? (busy - this.lastBusy) / (dt * ready) : 0;
    this.lastBusy = busy;
    this.lastSampleAt = now;
    return {
      pods_serving_pending: count(this.servingPods, 'pending'),
      pods_serving_starting: count(this.servingPods, 'starting'),
      pods_serving_ready: ready,
      pods_serving_terminating: count(this.servingPods, 'terminating'),
      pods_image_consumer: count(this.ctx.imagePods, 'running'),
      pods_zip_consumer: count(this.ctx.zipPods, 'running'),
      nodes_gpu: this.servingPods.length,
      nodes_cpu: 0,
      gpu_utilization: Math.min(1, util),
    };
  }
}
