/**
 * A run as a Chrome / Perfetto trace (the Trace Event Format's JSON object form: {"traceEvents": [...],
 * "displayTimeUnit": "ms"}), for `run --trace`. Open it in ui.perfetto.dev or chrome://tracing.
 *
 * Built after the run from what a replication already records, so tracing cannot change a result:
 * - one process per replication; one thread (track) per node, pod or other event target (from events.csv),
 *   with its events (scaling decisions, preemptions, crashes, restarts) as instant events (ph "i");
 * - image jobs as complete events (ph "X"), on "images" lanes (an image goes on the first lane free at its
 *   arrival, so slices on one lane never overlap), each with its stages as nested slices: queue wait,
 *   download, preprocess, serving (the Predict calls), postprocess, upload. The stages are laid end to end
 *   from the time the image left the queue: their sum is exact, their placement is so when an image had no
 *   retry (a retried image's stage times are totals over its attempts);
 * - GPU batches as complete events on their serving pod's track (a "gpu" thread of the pod), when the run was
 *   traced (the model reports them through sim/model/trace.ts; at most the first 100 000 per replication);
 * - queue lengths, serving pods, GPU nodes and GPU utilisation as counters (ph "C");
 * - thread and process names as metadata (ph "M").
 * Bounded for 10^6-image runs: at most `maxImages` images (every k-th by index, the same whatever the seed),
 * `maxCounterSamples` counter samples and `maxEvents` events in all; `otherData` says what was kept.
 */
import type { ReplicationResult } from './runResult.ts';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'i' | 'C' | 'M';
  pid: number;
  tid?: number;
  ts: number;
  dur?: number;
  s?: 't' | 'p' | 'g';
  cat?: string;
  args?: Record<string, unknown>;
}

export interface Trace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

export interface TraceOptions {
  maxImages?: number;
  maxCounterSamples?: number;
  maxEvents?: number;
}

export const TRACE_DEFAULTS = { maxImages: 2000, maxCounterSamples: 5000, maxEvents: 200_000 } as const;

/** Seconds of simulated time to the format's microseconds (integers: viewers sort and nest on them). */
const us = (s: number) => Math.round(s * 1e6);

const COUNTERS: Record<string, string[]> = {
  queues: ['queue_image', 'queue_zip'],
  'in flight': ['inflight_image', 'inflight_zip'],
  'serving pods': ['pods_serving_pending', 'pods_serving_starting', 'pods_serving_ready', 'pods_serving_terminating'],
  nodes: ['nodes_gpu', 'nodes_gpu_provisioning', 'nodes_cpu'],
  'gpu utilization': ['gpu_utilization'],
};

const IMAGE_LANE_TID = 1_000_000; // image lanes after every event target's track
const STAGES = [['download', 'download'], ['preprocess', 'preprocess'], ['serving', 'serving (Predict)'], ['postprocess', 'postprocess'], ['upload', 'upload']] as const;

/** The trace of `reps` (the replications of one scenario). */
export function buildTrace(scenario: string, reps: readonly ReplicationResult[], opts: TraceOptions = {}): Trace {
  const maxImages = opts.maxImages ?? TRACE_DEFAULTS.maxImages;
  const maxSamples = opts.maxCounterSamples ?? TRACE_DEFAULTS.maxCounterSamples;
  const maxEvents = opts.maxEvents ?? TRACE_DEFAULTS.maxEvents;
  const out: TraceEvent[] = [];
  const meta: TraceEvent[] = [];
  let dropped = 0;
  const push = (e: TraceEvent) => (out.length < maxEvents ? out.push(e) : dropped++);
  const submitted = reps.reduce((s, r) => s + r.record.count, 0);
  const every = Math.max(1, Math.ceil(submitted / maxImages));
  let imagesKept = 0;
  let batchesDropped = 0;
  let batchesRecorded = false;
  for (const [k, r] of reps.entries()) {
    const pid = k + 1;
    meta.push({ name: 'process_name', ph: 'M', pid, ts: 0, args: { name: `${scenario} replication ${k} (seed ${r.seed})` } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, ts: 0, args: { sort_index: k } });
    // tracks: one per event target, in order of first appearance
    const tids = new Map<string, number>();
    for (const e of r.events) {
      const target = e.target || e.kind;
      let tid = tids.get(target);
      if (tid === undefined) {
        tids.set(target, (tid = tids.size + 1));
        meta.push({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name: target } });
      }
      push({ name: e.kind, ph: 'i', s: 't', cat: 'event', pid, tid, ts: us(e.t), args: { detail: e.detail } });
    }
    const trackOf = (name: string) => {
      let tid = tids.get(name);
      if (tid === undefined) {
        tids.set(name, (tid = tids.size + 1));
        meta.push({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name } });
      }
      return tid;
    };
    batchesDropped += gpuBatches(r, trackOf, pid, push);
    batchesRecorded ||= r.batches !== undefined;
    imagesKept += imageSlices(r, pid, every, push, meta);
    counterSamples(r, pid, maxSamples, push);
  }
  // viewers want X events of one track in time order; metadata first
  out.sort((a, b) => a.pid - b.pid || (a.tid ?? 0) - (b.tid ?? 0) || a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  return {
    traceEvents: [...meta, ...out],
    displayTimeUnit: 'ms',
    otherData: {
      generator: 'kiosk-sim run --trace',
      scenario,
      time: 'simulated time; 1 trace microsecond = 1 simulated microsecond',
      images: { submitted, kept: imagesKept, sample: every === 1 ? 'all images' : `every ${every}th image of each replication, by index (at most ${maxImages})` },
      events_dropped_over_cap: dropped,
      max_events: maxEvents,
      gpu_batches: batchesRecorded ? (batchesDropped ? `the first 100000 per replication (${batchesDropped} more not shown)` : 'all') : 'not recorded (the run was not traced by this process)',
    },
  };
}

/** GPU batches on a "POD gpu" track each; returns the batches the model could not keep. */
function gpuBatches(r: ReplicationResult, trackOf: (name: string) => number, pid: number, push: (e: TraceEvent) => unknown): number {
  const b = r.batches;
  if (!b) return 0;
  for (let j = 0; j < b.pod.length; j++) {
    const ts = us(b.start[j]!);
    push({ name: `batch of ${b.size[j]}`, ph: 'X', cat: 'gpu', pid, tid: trackOf(`${b.pod[j]} gpu`), ts, dur: Math.max(0, us(b.start[j]! + b.seconds[j]!) - ts), args: { tasks: b.size[j] } });
  }
  return b.dropped;
}

/** Image jobs and their stages on non-overlapping lanes; returns the images drawn. */
function imageSlices(r: ReplicationResult, pid: number, every: number, push: (e: TraceEvent) => unknown, meta: TraceEvent[]): number {
  const rec = r.record;
  const laneEnds: number[] = [];
  let kept = 0;
  const picked: number[] = [];
  for (let i = 0; i < rec.count; i += every) if (Number.isFinite(rec.finished[i]!) && Number.isFinite(rec.enqueued[i]!)) picked.push(i);
  picked.sort((a, b) => rec.enqueued[a]! - rec.enqueued[b]! || a - b);
  for (const i of picked) {
    const start = us(rec.enqueued[i]!);
    const end = Math.max(start, us(rec.finished[i]!));
    let lane = laneEnds.findIndex((t) => t <= start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(0);
      meta.push({ name: 'thread_name', ph: 'M', pid, tid: IMAGE_LANE_TID + lane, ts: 0, args: { name: `images (lane ${lane})` } });
    }
    laneEnds[lane] = end;
    const tid = IMAGE_LANE_TID + lane;
    push({ name: `image ${i}`, ph: 'X', cat: 'image', pid, tid, ts: start, dur: end - start, args: { zip: rec.zip[i], retries: rec.retries[i], attempts: rec.attempts[i] } });
    // stages end to end inside the job's slice (clamped: a slice may not outlast its parent)
    let t = start;
    const popped = Math.min(end, Math.max(start, us(rec.popped[i]!)));
    if (popped > start) push({ name: 'queue wait', ph: 'X', cat: 'stage', pid, tid, ts: start, dur: popped - start });
    t = popped;
    for (const [field, name] of STAGES) {
      const d = Math.min(end - t, Math.max(0, us(rec[field][i]!)));
      if (!(d > 0)) continue;
      push({ name, ph: 'X', cat: 'stage', pid, tid, ts: t, dur: d });
      t += d;
    }
    kept++;
  }
  return kept;
}

/** Counters from the time series, thinned to at most `max` samples per replication. */
function counterSamples(r: ReplicationResult, pid: number, max: number, push: (e: TraceEvent) => unknown): void {
  const ts = r.timeseries;
  const n = ts.times.length;
  const step = Math.max(1, Math.ceil(n / max));
  for (const [name, columns] of Object.entries(COUNTERS)) {
    const cols = columns.map((c) => [c, ts.columns.get(c)] as const).filter((c) => c[1] !== undefined);
    if (cols.length === 0) continue;
    for (let j = 0; j < n; j += step) {
      const args: Record<string, number> = {};
      for (const [c, v] of cols) args[c] = v![j]!;
      push({ name, ph: 'C', cat: 'counter', pid, ts: us(ts.times[j]!), args });
    }
  }
}
