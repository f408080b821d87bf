import type { ProcessBody } from '../../engine/index.ts';
import { transferTimer } from '../bucket/transfer.ts';
import { IMAGE_STATUS } from '../record.ts';
import { PredictCall, type CallOutcome } from '../serving/predictCall.ts';
import { callOverheadSampler, callWithOverhead } from '../serving/callOverhead.ts';
import { statusUpdateSeconds } from './statusUpdates.ts';
import { RedisOutages } from '../faults/redisOutage.ts';
import type { ConsumerPod } from '../cluster/pod.ts';
import type { KioskState } from '../state.ts';

/**
 * The image (segmentation) consumer's loop (kiosk-redis-consumer): pop a key into this pod's
 * processing list, then new -> started -> pre-processing -> predicting -> post-processing ->
 * saving-results -> done, and LREM the key. Predict calls go one after another; a call that hits
 * the 20 s deadline, or is refused, sleeps 3 s and is sent again, with no limit when MAX_RETRY is 0.
 */
export function* imageConsumer(ctx: KioskState, pod: ConsumerPod): ProcessBody<void> {
  const { sim, config, record, imageQueue } = ctx;
  const storage = config.storage;
  const workload = config.workload;
  const grpc = config.serving.grpc;
  // ctx.redisRoundTrip() inlined: `yield*` of it made a generator object per job (same delay, same events)
  const op = config.redis.opLatency;
  const requestSizes = ctx.requestSizes;
  const overhead = callOverheadSampler(grpc, ctx.streams); // null: calls cost the client nothing
  const status = statusUpdateSeconds(config.consumers.image.statusUpdates, op);
  const imageDown = transferTimer(storage, 'imageDown', ctx.streams);
  const resultUp = transferTimer(storage, 'resultUp', ctx.streams);
  const outages = RedisOutages.of(config.faults); // null without a redis-down fault: no extra events
  for (;;) {
    if (op > 0) yield op; // LLEN + move stranded keys
    const image: number = yield imageQueue.take();
    ctx.hold(pod, image);
    pod.updatedAt = sim.now;
    if (ctx.isFinished(image)) {
      ctx.release(pod); // a requeued duplicate of finished work: drop it
      continue;
    }
    record.status[image] = IMAGE_STATUS.started;
    record.popped[image] = sim.now;
    record.attempts[image]!++;

    const download = imageDown(workload.imageBytes);
    const preprocess = ctx.preprocessTime();
    const popped = sim.now;
    yield download + preprocess + status.beforeServing;
    if (outages) { const held = outages.holdUp(popped, sim.now); if (held > 0) yield held; } // its status writes wait for Redis
    pod.updatedAt = sim.now;

    const servingStart = sim.now;
    for (let r = 0; r < requestSizes.length; r++) {
      const size = requestSizes[r]!; // an index, not for-of: no array iterator per job
      // grpc_clients._retry_grpc: DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are "true failures",
      // UNAVAILABLE is not; the call fails once true failures exceed MAX_RETRY (> 0)
      let trueFailures = 0;
      for (;;) {
        const server = ctx.pickServer();
        let outcome: CallOutcome = 'unavailable';
        if (server && overhead) outcome = yield* callWithOverhead(sim, server, size, grpc.deadline, overhead());
        else if (server) {
          const call = new PredictCall(ctx.callDeadlines, size);
          if (server.submit(call.request)) outcome = yield call;
        }
        if (outcome === 'ok') break;
        if (grpc.maxRetries > 0 && trueFailures > grpc.maxRetries) {
          // the error escapes: the consumer marks the job failed (unless another copy finished it)
          if (!ctx.isFinished(image)) {
            record.status[image] = IMAGE_STATUS.failed;
            record.failed++;
            ctx.imageFinished(image, sim.now);
          }
          ctx.release(pod);
          break;
        }
        if (outcome === 'deadline') trueFailures++;
        record.retries[image]!++;
        ctx.counters.retries++;
        yield grpc.retryBackoff;
        pod.updatedAt = sim.now;
      }
      if (pod.holding === -1) break;
    }
    if (pod.holding === -1) continue;
    const serving = sim.now - servingStart;

    const postprocess = ctx.postprocessTime();
    const upload = resultUp(workload.resultBytes);
    const served = sim.now;
    yield postprocess + upload + status.afterServing;
    if (outages) { const held = outages.holdUp(served, sim.now); if (held > 0) yield held; } // status writes and the LREM wait for Redis

    ctx.release(pod);
    pod.updatedAt = sim.now;
    if (ctx.isFinished(image)) continue; // finished (or failed) meanwhile by another copy: recorded once
    record.download[image] = download;
    record.preprocess[image] = preprocess;
    record.serving[image] = serving;
    record.postprocess[image] = postprocess;
    record.upload[image] = upload;
    record.status[image] = IMAGE_STATUS.done;
    record.completed++;
    ctx.imageFinished(image, sim.now);
    if (status.afterDone > 0) yield status.afterDone; // the done HSET comes after the finish time is taken
  }
}
