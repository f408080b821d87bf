import type { ProcessBody, RandomStreams, Simulation } from '../../engine/index.ts';
import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { GrpcConfig } from '../config.ts';
import { PredictCall, type CallOutcome } from './predictCall.ts';
import type { TfServingServer } from './tfServingPod.ts';

/** The part of a call's client-side time spent before the request reaches the server, and after its answer. */
export interface CallOverhead {
  before: number;
  after: number;
}

/**
 * The client-side cost of each Predict call (connect, serialise and send; receive, deserialise and
 * wake up), or null when the scenario has none: the model then makes the call exactly as before.
 * One stream for all consumers (`serving.grpc.call_overhead`), drawn once per call attempt.
 */
export function callOverheadSampler(grpc: GrpcConfig, streams: RandomStreams): (() => CallOverhead) | null {
  const spec = grpc.callOverhead;
  if (spec.kind === 'constant' && spec.value === 0) return null;
  const total: Sampler = makeDistribution(spec, streams.stream('serving.grpc.call_overhead'));
  const f = grpc.callOverheadBefore;
  return () => {
    const t = total();
    return { before: t * f, after: t - t * f };
  };
}

/**
 * One Predict call with its client-side cost, all of it inside the deadline (gRPC's deadline runs
 * from the call's start to the last byte of the answer): `before` is spent, the request is queued on
 * the server, and the answer counts only if it comes early enough to leave `after` for receiving it.
 * A call whose answer would come too late waits out the whole deadline, as the client does.
 */
export function* callWithOverhead(sim: Simulation, server: TfServingServer, size: number, deadline: number, o: CallOverhead): ProcessBody<CallOutcome> {
  if (o.before >= deadline) {
    yield deadline; // still sending when the deadline passes: the server never sees the request
    return 'deadline';
  }
  if (o.before > 0) yield o.before;
  const left = Math.max(0, deadline - o.before - o.after);
  const call = new PredictCall(null, size, left < Infinity ? { sim, seconds: left } : null);
  if (!server.submit(call.request)) return 'unavailable';
  const outcome: CallOutcome = yield call;
  if (outcome === 'unavailable') return outcome; // the connection dropped: seen at once
  if (o.after > 0) yield o.after; // receiving the answer, or the rest of the deadline
  return outcome;
}
