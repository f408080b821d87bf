import type { RandomStreams } from '../../engine/index.ts';
import { makeDistribution } from '../../engine/distributions.ts';
import type { GrpcConfig } from '../config.ts';

/**
 * How much later than the model's own timing a failed Predict call's next attempt starts
 * (`serving.grpc.retry_lateness`), or null when the scenario has none: the retry then comes exactly
 * retry_backoff after the failure, as before. The model ends a failed attempt at its deadline (or at
 * once when no server takes it) and sleeps retry_backoff exactly; a client on a busy host notices
 * its deadline late, spends its own time on a refused connection, and wakes late from the back-off
 * sleep. All three only move the next attempt, so one draw per retry, added to the back-off, is the
 * whole of it. One stream for all consumers.
 */
export function retryLatenessSampler(grpc: GrpcConfig, streams: RandomStreams): (() => number) | null {
  const spec = grpc.retryLateness;
  if (spec.kind === 'constant' && spec.value === 0) return null;
  // a distribution of durations: the scenario layer refuses negative values
  return makeDistribution(spec, streams.stream('serving.grpc.retry_lateness'));
}
