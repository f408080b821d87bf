import type { KioskContext } from '../model/kiosk.ts';
import { BatchLog } from '../model/trace.ts';
import type { ImageRecord, LoggedEvent, TimeSeries } from '../model/record.ts';

/** What one replication leaves behind, detached from the simulator. */
export interface ReplicationResult {
  seed: number;
  completed: boolean;
  reason?: string;
  /** Why an unfinished replication stopped: its time limit (seconds) or a simulation with nothing left to do. */
  stop?: { kind: 'time_limit'; limit_s: number } | { kind: 'out_of_events' };
  makespan: number;
  /** When the client had downloaded every result zip (zip workloads; = makespan otherwise). */
  resultsDownloaded: number;
  record: ImageRecord;
  timeseries: TimeSeries;
  events: LoggedEvent[];
  cost: { total: number; gpu_nodes: number; cpu_nodes: number; storage: number; operations: number; storage_egress: number; egress: number };
  gpu: { peak_nodes: number; mean_utilization: number };
  counters: Record<string, number>;
  engine: { events: number; wall_s: number };
  /** run --trace only: the GPU batches the model reported (sim/model/trace.ts). */
  batches?: { pod: string[]; start: number[]; seconds: number[]; size: number[]; dropped: number };
}

export function collectReplication(ctx: KioskContext, outcome: { completed: boolean; reason?: string }, wall_s: number): ReplicationResult {
  const cost = ctx.costBreakdown();
  const gpu = ctx.gpuSummary();
  return {
    seed: ctx.seed,
    completed: outcome.completed,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.completed ? {} : { stop: stopOf(ctx) }),
    makespan: ctx.lastFinish,
    resultsDownloaded: ctx.usesZips ? ctx.resultsDownloaded : ctx.lastFinish,
    record: ctx.record,
    timeseries: ctx.timeseries,
    events: ctx.events,
    cost,
    gpu,
    counters: { ...ctx.counters, empty_polls_image: ctx.imageQueue.emptyPolls, empty_polls_zip: ctx.zipQueue.emptyPolls },
    engine: { events: ctx.sim.eventsProcessed, wall_s },
    ...(ctx.tracer instanceof BatchLog ? { batches: { pod: ctx.tracer.pod, start: ctx.tracer.start, seconds: ctx.tracer.seconds, size: ctx.tracer.size, dropped: ctx.tracer.dropped } } : {}),
  };
}

/** The kiosk stops at its time limit or when no event is left; the clock tells which. */
function stopOf(ctx: KioskContext): NonNullable<ReplicationResult['stop']> {
  const limit = ctx.config.timeLimit;
  return ctx.sim.now >= limit ? { kind: 'time_limit', limit_s: limit } : { kind: 'out_of_events' };
}
