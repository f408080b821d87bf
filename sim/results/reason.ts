/**
 * Why a run did not complete, over all its replications: one replication's reason said nothing about the
 * others ("2 of 3 replications hit ..." is what a reader needs to judge the run).
 */
import type { ReplicationResult } from './runResult.ts';

function duration(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

const range = (xs: number[]) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
};

/** One clause per way of stopping, e.g. "2 of 3 replications hit the time limit of 1 h: 812-905 of 1000 images done". */
export function unfinishedReason(reps: readonly ReplicationResult[]): string | undefined {
  const unfinished = reps.filter((r) => !r.completed);
  if (unfinished.length === 0) return undefined;
  // one replication: its own words, unchanged
  if (reps.length === 1) return unfinished[0]!.reason;
  const groups = new Map<string, ReplicationResult[]>();
  for (const r of unfinished) {
    const key = r.stop?.kind === 'time_limit' ? `hit the time limit of ${duration(r.stop.limit_s)}` : r.stop?.kind === 'settled' ? `were stopped once they could no longer meet the ${r.stop.settled.kind === 'time' ? 'deadline' : 'budget'}` : r.stop ? 'ran out of events (no capacity left to process the rest)' : 'did not finish';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([how, rs]) => {
      const done = range(rs.map((r) => r.record.completed));
      const submitted = range(rs.map((r) => r.record.count));
      return `${rs.length} of ${reps.length} replications ${how}: ${done} of ${submitted} images done`;
    })
    .join('; ');
}
