import type { KioskContext } from '../model/kiosk.ts';
import { BatchLog } from '../model/trace.ts';
import type { ImageRecord, LoggedEvent, TimeSeries } from '../model/record.ts';
import type { Settled } from '../model/settle.ts';
import { limitFigures, type LimitFigures } from './limits.ts';

/** What one replication leaves behind, detached from the simulator. */
export interface ReplicationResult {
  seed: number;
  completed: boolean;
  reason?: string;
  /** Why an unfinished replication stopped: its time limit (seconds) or a simulation with nothing left to do. */
  stop?: { kind: 'time_limit'; limit_s: number } | { kind: 'out_of_events' } | { kind: 'settled'; settled: Settled };
  makespan: number;
  /**
   * The simulated window (s): the makespan of a completed replication; the time simulated (up to the time
   * limit, or until events ran out) of an unfinished one, over which its throughput is measured.
   */
  window: number;
  /** When the client had downloaded every result zip (zip workloads; = makespan otherwise). */
  resultsDownloaded: number;
  record: ImageRecord;
  timeseries: TimeSeries;
  events: LoggedEvent[];
  cost: { total: number; gpu_nodes: number; cpu_nodes: number; storage: number; operations: number; storage_egress: number; egress: number };
  gpu: { peak_nodes: number; mean_utilization: number };
  counters: Record<string, number>;
  /** What limited it, as figures (sim/results/limits.ts). */
  limits: LimitFigures;
  /** The fixed policy's image consumer count (null with an autoscaling policy), for the fixed-policy check. */
  fixedImageConsumers: number | null;
  engine: { events: number; wall_s: number };
  /** run --trace only: the GPU batches the model reported (sim/model/trace.ts). */
  batches?: { pod: string[]; start: number[]; seconds: number[]; size: number[]; dropped: number };
}

export function collectReplication(ctx: KioskContext, outcome: { completed: boolean; reason?: string; settled?: Settled }, wall_s: number): ReplicationResult {
  const cost = ctx.costBreakdown();
  const gpu = ctx.gpuSummary();
  const counters = { ...ctx.counters, empty_polls_image: ctx.imageQueue.emptyPolls, empty_polls_zip: ctx.zipQueue.emptyPolls };
  const window = outcome.completed ? ctx.lastFinish : ctx.sim.now;
  const a = ctx.config.autoscaling;
  return {
    seed: ctx.seed,
    completed: outcome.completed,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.completed ? {} : { stop: outcome.settled ? { kind: 'settled' as const, settled: outcome.settled } : stopOf(ctx) }),
    makespan: ctx.lastFinish,
    window,
    resultsDownloaded: ctx.usesZips ? ctx.resultsDownloaded : ctx.lastFinish,
    record: ctx.record,
    timeseries: ctx.timeseries,
    events: ctx.events,
    cost,
    gpu,
    counters,
    limits: limitFigures({ config: ctx.config, series: ctx.timeseries, record: ctx.record, counters, window_s: window }),
    fixedImageConsumers: a.policy === 'fixed' ? a.fixed.imageConsumers : null,
    engine: { events: ctx.sim.eventsProcessed, wall_s },
    ...(ctx.tracer instanceof BatchLog ? { batches: { pod: ctx.tracer.pod, start: ctx.tracer.start, seconds: ctx.tracer.seconds, size: ctx.tracer.size, dropped: ctx.tracer.dropped } } : {}),
  };
}

/** The kiosk stops at its time limit or when no event is left; the clock tells which. */
function stopOf(ctx: KioskContext): NonNullable<ReplicationResult['stop']> {
  const limit = ctx.config.timeLimit;
  return ctx.sim.now >= limit ? { kind: 'time_limit', limit_s: limit } : { kind: 'out_of_events' };
}
