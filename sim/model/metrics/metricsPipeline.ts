/**
 * The metrics pipeline between the kiosk and its HPAs (REFERENCE.md "Metric lag"; REFERENCE.md
 * "Autoscaling"): Prometheus scrapes every `scrapeInterval` (the GPU exporter's busy counters, the Redis
 * exporter's key counts, kube-state-metrics' replica counts), evaluates the kiosk's recording rules every
 * `evalInterval` on the latest scrape, and the custom-metrics adapter hands the HPA a value `adapterLag`
 * old. The rule arithmetic is sim/model/metrics/kioskMetrics.ts.
 */
import { consumerMetric, CONSUMER_RULE, dutyCycleFromCounter, exporterKeyCount, tfServingMetric, zipConsumerMetric } from './kioskMetrics.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { ServingContainers } from '../serving/servingContainers.ts';
import type { ConsumerPod } from '../cluster/pod.ts';
import type { KioskState } from '../state.ts';
import { everyWithPhase } from '../controllers/phase.ts';

/** The recorded series at one rule evaluation. */
export interface RuleValues {
  t: number;
  /** Mean GPU duty cycle of the tf-serving pods (percent); undefined when no pod has a value yet. */
  gpuPct: number | undefined;
  /** The image-consumer metric (target 0.15). */
  consumer: number;
  /** Zip keys per zip consumer (target 2; 2019: 1). */
  zip: number;
  imageKeys: number;
  zipKeys: number;
}

interface Scrape {
  t: number;
  /** Mean GPU duty cycle over the window ending at the scrape (percent), undefined with no sample. */
  gpuPct: number | undefined;
  imageKeys: number;
  zipKeys: number;
  servingPods: number;
  imageConsumers: number;
  zipConsumers: number;
}

export class MetricsPipeline {
  /** Per tf-serving pod: (time, cumulative busy seconds) samples within the GPU window. */
  private readonly busy = new Map<number, { t: number[]; busy: number[] }>();
  private last: Scrape | null = null;
  private readonly evaluated: RuleValues[] = [];

  constructor(
    private readonly ctx: KioskState,
    private readonly cluster: Cluster,
    private readonly serving: ServingContainers,
  ) {}

  start(): void {
    const m = this.ctx.config.autoscaling.metrics;
    everyWithPhase(this.ctx, 'prometheus.scrape', m.scrapeInterval, (now) => this.scrape(now));
    everyWithPhase(this.ctx, 'prometheus.eval', m.evalInterval, (now) => this.evaluate(now));
  }

  /** The values the HPA sees at `now`: the latest evaluation at or before now - adapterLag. */
  read(now: number): RuleValues | undefined {
    const cutoff = now - this.ctx.config.autoscaling.metrics.adapterLag;
    for (let i = this.evaluated.length - 1; i >= 0; i--) if (this.evaluated[i]!.t <= cutoff) return this.evaluated[i];
    return undefined;
  }

  /** Records every running tf-serving container's cumulative busy seconds at `now`. */
  private sampleBusy(now: number): void {
    const window = this.ctx.config.autoscaling.metrics.gpuWindow;
    for (const pod of this.serving.pods) {
      if (!pod.server) continue; // no container, no exporter sample
      let h = this.busy.get(pod.id);
      if (!h) this.busy.set(pod.id, (h = { t: [], busy: [] }));
      h.t.push(now);
      h.busy.push(this.serving.podBusySeconds(pod));
      while (h.t.length > 1 && h.t[0]! < now - window - 1e-9) {
        h.t.shift();
        h.busy.shift();
      }
    }
  }

  scrape(now: number): void {
    const ctx = this.ctx;
    const m = ctx.config.autoscaling.metrics;
    this.sampleBusy(now);
    const duty: number[] = [];
    const live = new Set<number>();
    for (const pod of this.serving.pods) {
      const h = pod.server ? this.busy.get(pod.id) : undefined;
      if (!h) continue;
      live.add(pod.id);
      const n = h.t.length;
      // busy time over the window, from the oldest sample inside it (a pod younger than the window
      // reports over its own life; a pod seen once has no value yet)
      const span = h.t[n - 1]! - h.t[0]!;
      if (n >= 2 && span > 0) duty.push(dutyCycleFromCounter(h.busy[0]!, h.busy[n - 1]!, span));
    }
    for (const id of [...this.busy.keys()]) if (!live.has(id)) this.busy.delete(id);
    // the exporter's value at the next scrape covers [next - window, next]: note the counters then
    if (m.gpuWindow < m.scrapeInterval) ctx.sim.schedule(m.scrapeInterval - m.gpuWindow, () => this.sampleBusy(ctx.sim.now));
    this.last = {
      t: now,
      gpuPct: tfServingMetric(duty),
      imageKeys: exporterKeyCount(ctx.imageQueue.length, [ctx.inFlightImage]),
      zipKeys: exporterKeyCount(ctx.zipQueue.length, [ctx.inFlightZip]),
      servingPods: ctx.endpoints.length,
      imageConsumers: this.cluster.deployments['image-consumer'].replicas,
      zipConsumers: this.cluster.deployments['zip-consumer'].replicas,
    };
  }

  evaluate(now: number): void {
    const s = this.last;
    if (!s) return;
    const era = this.ctx.config.era;
    const gpuPct = s.gpuPct;
    const a = this.ctx.config.autoscaling.imageConsumer;
    const rule = { ...CONSUMER_RULE[era], consumersPerGpu: a.consumersPerGpuLimit, tooManyValue: a.overloadFactor * a.target };
    this.evaluated.push({
      t: now,
      gpuPct,
      consumer: consumerMetric({ gpuDutyCyclePct: gpuPct ?? 0, keys: s.imageKeys, consumers: s.imageConsumers, tfServingPods: s.servingPods }, rule),
      zip: zipConsumerMetric(s.zipKeys, s.zipConsumers),
      imageKeys: s.imageKeys,
      zipKeys: s.zipKeys,
    });
    // keep what the adapter lag can still reach
    const keep = Math.ceil(this.ctx.config.autoscaling.metrics.adapterLag / this.ctx.config.autoscaling.metrics.evalInterval) + 2;
    if (this.evaluated.length > keep * 2) this.evaluated.splice(0, this.evaluated.length - keep);
  }
}
