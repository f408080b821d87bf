/**
 * An early stop for runs whose verdict is already settled (the planner's, sim/plan): a replication that
 * can no longer finish by a deadline, or has already spent more than a budget, misses that goal whatever
 * it does next, so a caller that only needs the verdict may stop it there. Off unless a caller passes a
 * rule; checking reads the run's state and changes nothing, so a run that is not stopped is the same
 * event for event as one run without a rule.
 *
 * The time test is a lower bound on the time left: every image not finished and not held by a consumer
 * still needs all its GPU work, `gpuSecondsPerImage` server-seconds at the fastest a server can go, on at
 * most `servers` servers at a time (the caller derives both from the serving profile and the GPU pool).
 * The cost test uses that the bill never goes down: node lines only grow with time and the data costs
 * with the images done and the time.
 */
export interface SettleRule {
  deadline_s: number;
  budget_usd: number;
  /** Least GPU-server seconds one image's tiles need (0: no time test). */
  gpuSecondsPerImage: number;
  /** Most GPU servers the run can have at a time. */
  servers: number;
}

export interface SettleState {
  now: number;
  /** Images neither finished nor held by a consumer. */
  untouched: number;
  /** The bill so far (USD). */
  cost: number;
}

/** Stopped at `at_s`: unable to finish by the deadline `deadline_s` (kind time), or over the budget (kind cost). */
export type Settled = { kind: 'time'; at_s: number; deadline_s: number; detail: string } | { kind: 'cost'; at_s: number; detail: string };

/** Whether the run can already no longer meet the rule's deadline and budget, and why. */
export function settledMiss(s: SettleState, rule: SettleRule): Settled | undefined {
  if (s.cost > rule.budget_usd) {
    return { kind: 'cost', at_s: s.now, detail: `its cost reached $${s.cost.toFixed(2)} at ${Math.round(s.now)} s, over the budget of $${rule.budget_usd}` };
  }
  if (rule.gpuSecondsPerImage > 0 && rule.servers > 0 && s.untouched > 0) {
    const earliest = s.now + (s.untouched * rule.gpuSecondsPerImage) / rule.servers;
    if (earliest > rule.deadline_s) {
      return { kind: 'time', at_s: s.now, deadline_s: rule.deadline_s, detail: `at ${Math.round(s.now)} s, ${s.untouched} images left need at least ${Math.round(earliest - s.now)} s more on ${rule.servers} GPU servers, past the deadline of ${Math.round(rule.deadline_s)} s` };
    }
  }
  return undefined;
}
