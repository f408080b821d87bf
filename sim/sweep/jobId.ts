/**
 * A run's BullMQ job id: a hash of what determines its result (the resolved config as it crosses
 * the wire, the seed, how much of the result is wanted) and the build that computes it. Adding
 * the same run twice finds the first job, so a result redelivered or resubmitted is never counted
 * twice, and a run already done (kept for a day) is not run again.
 */
import { createHash } from 'node:crypto';

/** `settle`: the planner's early-stop rule as JSON, which changes the result; without one the id is as it always was. */
export function runJobId(wireConfig: string, seed: number, detail: string, build: string, settle?: string): string {
  const h = createHash('sha256');
  for (const part of [build, detail, String(seed), wireConfig, ...(settle === undefined ? [] : [settle])]) {
    h.update(part);
    h.update('\0');
  }
  // BullMQ job ids must not be integers or contain ":"
  return `run-${h.digest('hex').slice(0, 32)}`;
}
