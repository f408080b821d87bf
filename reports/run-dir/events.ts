import { numberAt, streamCsv } from './csv-stream.ts';

/** Event kinds marked on timelines: disruptions a reader must see next to queue and pod curves. */
export const MARKED_EVENT_KINDS = ['preemption', 'pod_crash', 'pod_restart'] as const;
export type MarkedEventKind = (typeof MARKED_EVENT_KINDS)[number];

/** Events of one kind in one time bucket; `t` is the bucket's first event time in seconds. */
export interface EventMarker {
  t: number;
  kind: MarkedEventKind;
  count: number;
}

export interface EventSummary {
  /** Count of every kind in the chosen replication (all kinds, not only marked ones). */
  counts: Record<string, number>;
  markers: EventMarker[];
}

/**
 * Reads events.csv (absent or empty is fine) for one replication and groups marked events into at most
 * `maxBuckets` time buckets per kind over [0, horizon_s], so thousands of preemptions stay a few hundred marks.
 */
export async function loadEvents(path: string, replication: number, horizon_s: number, maxBuckets = 400): Promise<EventSummary> {
  const counts: Record<string, number> = {};
  const buckets = new Map<string, EventMarker>();
  const width = horizon_s > 0 ? horizon_s / maxBuckets : 1;
  let repIx = -1;
  let tIx = -1;
  let kindIx = -1;
  await streamCsv(
    path,
    (h) => {
      repIx = h.indexOf('replication');
      tIx = h.indexOf('t_s');
      kindIx = h.indexOf('kind');
    },
    (f) => {
      if (repIx >= 0 && numberAt(f, repIx) !== replication) return;
      const kind = (f[kindIx] ?? '').trim();
      counts[kind] = (counts[kind] ?? 0) + 1;
      if (!(MARKED_EVENT_KINDS as readonly string[]).includes(kind)) return;
      const t = numberAt(f, tIx);
      if (!Number.isFinite(t)) return;
      const key = `${kind}:${Math.floor(t / width)}`;
      const m = buckets.get(key);
      if (m) m.count++;
      else buckets.set(key, { t, kind: kind as MarkedEventKind, count: 1 });
    },
  );
  return { counts, markers: [...buckets.values()].sort((a, b) => a.t - b.t) };
}
