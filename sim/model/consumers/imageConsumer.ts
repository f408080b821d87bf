import { FINISHED, type Finished, type ProcessBody, type Simulation, type StepMachine, type Yieldable } from '../../engine/index.ts';
import { transferTimer, type TransferTimer } from '../bucket/transfer.ts';
import { IMAGE_STATUS } from '../record.ts';
import { PredictCall, type CallOutcome } from '../serving/predictCall.ts';
import { callOverheadSampler, callWithOverhead, type CallOverhead } from '../serving/callOverhead.ts';
import { retryLatenessSampler } from '../serving/retryLateness.ts';
import { statusUpdateSeconds } from './statusUpdates.ts';
import { RedisOutages } from '../faults/redisOutage.ts';
import type { ConsumerPod } from '../cluster/pod.ts';
import type { KioskState } from '../state.ts';

/** Where the image consumer's loop stopped (the yield it waits at). */
const enum At {
  /** Top of the loop (nothing to receive). */
  Poll,
  /** After the LLEN round trip: pop a key. */
  Pop,
  /** The pop gave an image key. */
  Popped,
  /** The download, pre-processing and status updates are done, unless Redis was down meanwhile. */
  Fetched,
  /** Ready to start the Predict calls. */
  Serve,
  /** The next request of this image (index `request`). */
  Request,
  /** One attempt of a Predict call. */
  Attempt,
  /** Inside callWithOverhead (a call with a client-side cost), which yields on its own. */
  InCall,
  /** The call's outcome arrived. */
  Outcome,
  /** The retry backoff is over. */
  BackedOff,
  /** Every request was served (or the job failed). */
  Served,
  /** Post-processing, result upload and status updates are done, unless Redis was down meanwhile. */
  Saved,
  /** Ready to LREM the key and record the image. */
  Finish,
}

/**
 * The image (segmentation) consumer's loop (kiosk-redis-consumer): pop a key into this pod's
 * processing list, then new -> started -> pre-processing -> predicting -> post-processing ->
 * saving-results -> done, and LREM the key. Predict calls go one after another; a call that hits
 * the 20 s deadline, or is refused, sleeps 3 s and is sent again, with no limit when MAX_RETRY is 0.
 *
 * Written as a StepMachine (sim/engine/process.ts), not a generator: it resumes ~5 times per image,
 * and a generator with this many locals saved and restored them all at every resume. `step` reads
 * as the loop would, one case per yield; it yields the same delays and Waitables in the same order
 * as the generator it replaced (same events, same random draws). No try/finally: an interrupt or a
 * kill ends it, as it ended the generator.
 */
export function imageConsumer(ctx: KioskState, pod: ConsumerPod): StepMachine<void> {
  return new ImageConsumer(ctx, pod);
}

class ImageConsumer implements StepMachine<void> {
  private at = At.Poll;
  private readonly sim: Simulation;
  private readonly record: KioskState['record'];
  private readonly imageQueue: KioskState['imageQueue'];
  private readonly workload: KioskState['config']['workload'];
  private readonly grpc: KioskState['config']['serving']['grpc'];
  // ctx.redisRoundTrip() inlined: a sub-process per job would cost the same delay, same events
  private readonly op: number;
  private readonly requestSizes: KioskState['requestSizes'];
  /** null: calls cost the client nothing. */
  private readonly overhead: (() => CallOverhead) | null;
  /** null: the retry comes exactly retry_backoff after a failed attempt. */
  private readonly retryLateness: (() => number) | null;
  private readonly status: ReturnType<typeof statusUpdateSeconds>;
  private readonly imageDown: TransferTimer;
  private readonly resultUp: TransferTimer;
  /** null without a redis-down fault (then no extra events). */
  private readonly outages: RedisOutages | null;
  // the loop's locals for the job in hand
  private image = -1;
  private download = 0;
  private preprocess = 0;
  private servingStart = 0;
  private request = 0;
  private trueFailures = 0;
  private servingSeconds = 0;
  private postprocess = 0;
  private upload = 0;
  /** When the stretch of work now under way began (for an outage's hold-up). */
  private stretchStart = 0;
  /** The last plain Predict call, reused for the next one when nothing holds it (PredictCall.reusable). */
  private lastCall: PredictCall | null = null;
  /** The call with a client-side cost in progress (At.InCall). */
  private call: ProcessBody<CallOutcome> | null = null;

  constructor(
    private readonly ctx: KioskState,
    private readonly pod: ConsumerPod,
  ) {
    const config = ctx.config;
    this.sim = ctx.sim;
    this.record = ctx.record;
    this.imageQueue = ctx.imageQueue;
    this.workload = config.workload;
    this.grpc = config.serving.grpc;
    this.op = config.redis.opLatency;
    this.requestSizes = ctx.requestSizes;
    this.overhead = callOverheadSampler(this.grpc, ctx.streams);
    this.retryLateness = retryLatenessSampler(this.grpc, ctx.streams);
    this.status = statusUpdateSeconds(config.consumers.image.statusUpdates, this.op);
    this.imageDown = transferTimer(config.storage, 'imageDown', ctx.streams);
    this.resultUp = transferTimer(config.storage, 'resultUp', ctx.streams);
    this.outages = RedisOutages.of(config.faults, config.redis.retryInterval);
  }

  step(received: unknown): Yieldable | Finished {
    const { ctx, pod, sim, record } = this;
    for (;;) {
      switch (this.at) {
        case At.Poll:
          this.at = At.Pop;
          if (this.op > 0) return this.op; // LLEN + move stranded keys
          continue;

        case At.Pop:
          this.at = At.Popped;
          return this.imageQueue.take();

        case At.Popped: {
          const image = received as number;
          this.image = image;
          ctx.hold(pod, image);
          pod.updatedAt = sim.now;
          if (ctx.isFinished(image)) {
            ctx.release(pod); // a requeued duplicate of finished work: drop it
            this.at = At.Poll;
            continue;
          }
          record.status[image] = IMAGE_STATUS.started;
          record.popped[image] = sim.now;
          record.attempts[image]!++;
          this.download = this.imageDown(this.workload.imageBytes);
          this.preprocess = ctx.preprocessTime();
          this.stretchStart = sim.now;
          this.at = At.Fetched;
          return this.download + this.preprocess + this.status.beforeServing;
        }

        case At.Fetched: {
          this.at = At.Serve;
          const held = this.heldByRedis(); // its status writes wait for Redis
          if (held > 0) return held;
          continue;
        }

        case At.Serve:
          pod.updatedAt = sim.now;
          this.servingStart = sim.now;
          this.request = 0;
          this.at = At.Request;
          continue;

        case At.Request:
          if (this.request >= this.requestSizes.length) {
            this.at = At.Served;
            continue;
          }
          // grpc_clients._retry_grpc: DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are "true failures",
          // UNAVAILABLE is not; the call fails once true failures exceed MAX_RETRY (> 0)
          this.trueFailures = 0;
          this.at = At.Attempt;
          continue;

        case At.Attempt: {
          const size = this.requestSizes[this.request]!;
          const server = ctx.pickServer();
          if (server && this.overhead) {
            this.call = callWithOverhead(sim, server, size, this.grpc.deadline, this.overhead());
            this.at = At.InCall;
            received = undefined; // the call's first step
            continue;
          }
          this.at = At.Outcome;
          if (server) {
            const last = this.lastCall;
            const call = last !== null && last.reusable ? last.reuse(size) : (this.lastCall = new PredictCall(ctx.callDeadlines, size));
            if (server.submit(call.request)) return call;
          }
          received = 'unavailable' satisfies CallOutcome;
          continue;
        }

        case At.InCall: {
          // what `yield*` did: the call's own yields pass through, its return value is the outcome
          const r = this.call!.next(received);
          if (r.done !== true) return r.value;
          this.call = null;
          received = r.value;
          this.at = At.Outcome;
          continue;
        }

        case At.Outcome: {
          const outcome = received as CallOutcome;
          const grpc = this.grpc;
          if (outcome === 'ok') {
            this.nextRequest();
            continue;
          }
          if (grpc.maxRetries > 0 && this.trueFailures > grpc.maxRetries) {
            // the error escapes: the consumer marks the job failed (unless another copy finished it)
            const image = this.image;
            if (!ctx.isFinished(image)) {
              record.status[image] = IMAGE_STATUS.failed;
              record.failed++;
              ctx.imageFinished(image, sim.now);
            }
            ctx.release(pod);
            this.nextRequest();
            continue;
          }
          if (outcome === 'deadline') this.trueFailures++;
          record.retries[this.image]!++;
          ctx.counters.retries++;
          this.at = At.BackedOff;
          return this.retryLateness === null ? grpc.retryBackoff : grpc.retryBackoff + this.retryLateness();
        }

        case At.BackedOff:
          pod.updatedAt = sim.now;
          this.at = At.Attempt;
          continue;

        case At.Served: {
          if (pod.holding === -1) {
            this.at = At.Poll; // the job failed (released)
            continue;
          }
          this.servingSeconds = sim.now - this.servingStart;
          this.postprocess = ctx.postprocessTime();
          this.upload = this.resultUp(this.workload.resultBytes);
          this.stretchStart = sim.now;
          this.at = At.Saved;
          return this.postprocess + this.upload + this.status.afterServing;
        }

        case At.Saved: {
          this.at = At.Finish;
          const held = this.heldByRedis(); // status writes and the LREM wait for Redis
          if (held > 0) return held;
          continue;
        }

        case At.Finish: {
          const image = this.image;
          ctx.release(pod);
          pod.updatedAt = sim.now;
          this.at = At.Poll;
          if (ctx.isFinished(image)) continue; // finished (or failed) meanwhile by another copy: recorded once
          record.download[image] = this.download;
          record.preprocess[image] = this.preprocess;
          record.serving[image] = this.servingSeconds;
          record.postprocess[image] = this.postprocess;
          record.upload[image] = this.upload;
          record.status[image] = IMAGE_STATUS.done;
          record.completed++;
          ctx.imageFinished(image, sim.now);
          if (this.status.afterDone > 0) return this.status.afterDone; // the done HSET comes after the finish time is taken
          continue;
        }
      }
    }
  }

  /** Seconds the stretch of work that began at stretchStart waits for Redis to come back (0 without a redis-down fault). */
  private heldByRedis(): number {
    return this.outages === null ? 0 : this.outages.holdUp(this.stretchStart, this.sim.now);
  }

  /**
   * After a call that succeeded, or failed the job: the loop's `if (pod.holding === -1) break;` then
   * the next request (a released pod skips the rest: At.Served sends it back to the top).
   */
  private nextRequest(): void {
    if (this.pod.holding === -1) {
      this.at = At.Served;
      return;
    }
    this.request++;
    this.at = At.Request;
  }
}
