import { exponential } from '../../engine/distributions.ts';
import { consecutiveCrashes, restartDelay } from '../cluster/crashLoop.ts';
import type { ConsumerPod } from '../cluster/pod.ts';
import type { ConsumerPods, RedisState, RunBasics } from '../state.ts';
import { setPhase } from '../cluster/podPhases.ts';

interface CrashState {
  crashes: number;
  startedAt: number;
}

/**
 * Consumer crashes: any uncaught exception ends a kiosk consumer process (REFERENCE.md "Queue
 * semantics"). The kubelet restarts the container with CrashLoopBackOff (the same back-off as
 * tf-serving, `serving.restartBackoff`); the pod keeps its name and so its processing list, and the
 * restarted consumer first moves any key stranded there back onto its queue (purge_processing_queue),
 * unless the janitor did so first (the pod is not Running while it backs off).
 */
export class ConsumerCrashes {
  private readonly state = new Map<number, CrashState>();
  private readonly lifetime: Record<ConsumerPod['kind'], (() => number) | null>;

  constructor(private readonly ctx: RunBasics & RedisState & ConsumerPods) {
    const c = ctx.config.consumers;
    const make = (mtbf: number, name: string) => (Number.isFinite(mtbf) ? exponential(ctx.streams.stream(name), mtbf) : null);
    this.lifetime = {
      'image-consumer': make(c.image.crashMtbf, 'consumers.image.crash'),
      'zip-consumer': make(c.zip.crashMtbf, 'consumers.zip.crash'),
    };
  }

  /** A consumer container starts: put back a stranded key, then arm its next crash. */
  started(pod: ConsumerPod): void {
    const ctx = this.ctx;
    if (pod.holding >= 0) {
      const key = pod.holding;
      ctx.release(pod);
      ctx.requeueUnlessFinished(pod.kind, key);
      ctx.log('requeue', pod.name, `${key} (purged on restart)`);
    }
    const next = this.lifetime[pod.kind];
    if (!next) return;
    let st = this.state.get(pod.id);
    if (!st) this.state.set(pod.id, (st = { crashes: 0, startedAt: ctx.sim.now }));
    st.startedAt = ctx.sim.now;
    const proc = pod.proc;
    ctx.sim.schedule(next(), () => this.crash(pod, proc));
  }

  private crash(pod: ConsumerPod, proc: ConsumerPod['proc']): void {
    const ctx = this.ctx;
    if (pod.phase !== 'running' || pod.proc !== proc || !proc || proc.done) return; // deleted, or already restarted
    const st = this.state.get(pod.id)!;
    const cfg = ctx.config.serving.restartBackoff;
    st.crashes = consecutiveCrashes(st.crashes, ctx.sim.now - st.startedAt, cfg);
    const delay = restartDelay(st.crashes, cfg);
    proc.kill();
    pod.proc = null;
    setPhase(pod, 'starting'); // CrashLoopBackOff: waiting to restart, not Running (the janitor may requeue its key)
    pod.restarts++;
    ctx.counters.crashes++;
    ctx.log('pod_crash', pod.name, `consumer exited; back-off ${delay} s`);
    ctx.sim.schedule(delay, () => {
      if (pod.phase !== 'starting' || pod.proc !== null) return; // deleted meanwhile
      setPhase(pod, 'running');
      ctx.log('pod_restart', pod.name, `restart ${pod.restarts}`);
      ctx.startConsumer(pod);
    });
  }
}
