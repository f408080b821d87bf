import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { EventHandle } from '../../engine/index.ts';
import type { NewPod, Pod, ContainerHooks, ServingPod } from '../cluster/pod.ts';
import { consecutiveCrashes, restartDelay } from '../cluster/crashLoop.ts';
import type { RunBasics } from '../state.ts';
import { TfServingServer } from './tfServingPod.ts';
import { withIdleWarmup } from './idleWarmup.ts';
import { setPhase } from '../cluster/podPhases.ts';

/** Per tf-serving pod: what survives container restarts. */
interface ServingState {
  /** GPU busy seconds of the pod's earlier containers. */
  busyBase: number;
  crashTimer: EventHandle | null;
  /** Crashes in a row (CrashLoopBackOff). */
  crashes: number;
  containerStartedAt: number;
}

/**
 * The tf-serving containers: a server per running pod, listed as an endpoint while the model loads
 * (the kiosk has no readiness probe), random crashes with CrashLoopBackOff, and the GPU busy time
 * that survives restarts. The cluster calls the hooks; this class never touches nodes.
 */
export class ServingContainers implements ContainerHooks {
  /** tf-serving pods not yet gone. */
  readonly pods: ServingPod[] = [];
  /** GPU busy seconds of servers that are gone. */
  gpuBusySeconds = 0;
  private readonly state = new Map<number, ServingState>();
  private readonly modelLoad: Sampler;
  private readonly crashGap: Sampler | null;

  constructor(
    private readonly run: RunBasics,
    /** The kiosk's endpoint list (kube-proxy's view), shared with the image consumers. */
    private readonly endpoints: TfServingServer[],
    private readonly batchSeconds: (size: number) => number,
  ) {
    const c = run.config.serving;
    const s = run.streams;
    this.modelLoad = makeDistribution(c.modelLoad, s.stream('pods.serving.modelload'));
    this.crashGap = Number.isFinite(c.crashMtbf) ? makeDistribution({ kind: 'exponential', mean: c.crashMtbf }, s.stream('pods.serving.crash')) : null;
  }

  create(base: NewPod): Pod {
    // a literal, not a spread: one hidden class for every pod (see consumers/consumerContainers.ts)
    const pod: ServingPod = {
      id: base.id, name: base.name, phase: base.phase, createdAt: base.createdAt, runningAt: base.runningAt,
      node: base.node, timer: base.timer, restarts: base.restarts,
      kind: 'tf-serving', server: null,
    };
    this.pods.push(pod);
    this.state.set(pod.id, { busyBase: 0, crashTimer: null, crashes: 0, containerStartedAt: NaN });
    return pod;
  }

  started(pod: Pod): void {
    this.startServer(pod as ServingPod);
  }

  stopping(pod: Pod): void {
    const st = this.state.get(pod.id)!;
    this.run.sim.cancel(st.crashTimer);
    st.crashTimer = null;
    const server = (pod as ServingPod).server;
    if (server) this.unlist(server);
  }

  hasProcess(pod: Pod): boolean {
    return (pod as ServingPod).server !== null;
  }

  deleted(): void {}

  kill(pod: Pod): void {
    this.stopServer(pod as ServingPod);
  }

  gone(pod: Pod): void {
    const i = this.pods.indexOf(pod as ServingPod);
    if (i >= 0) this.pods.splice(i, 1);
    this.gpuBusySeconds += this.state.get(pod.id)?.busyBase ?? 0;
    this.state.delete(pod.id);
  }

  prune(): void {}

  /** Cumulative GPU busy seconds of a tf-serving pod, over all its containers. */
  podBusySeconds(pod: ServingPod): number {
    const st = this.state.get(pod.id);
    return (st?.busyBase ?? 0) + (pod.server ? pod.server.busyUntilNow() : 0);
  }

  /** GPU busy seconds over all servers up to now. */
  gpuBusyUntilNow(): number {
    let busy = this.gpuBusySeconds;
    for (const p of this.pods) busy += this.podBusySeconds(p);
    return busy;
  }

  private startServer(pod: ServingPod): void {
    const sim = this.run.sim;
    const tracer = this.run.tracer;
    // traced runs only: the same draw, reported as it is made (a batch's duration is drawn when it starts)
    const own = withIdleWarmup(this.batchSeconds, () => sim.now, this.run.config.serving.idleWarmup); // this server's gaps
    const batchSeconds = tracer
      ? (size: number) => {
          const s = own(size);
          tracer.gpuBatch(pod.name, sim.now, s, size);
          return s;
        }
      : own;
    const server = new TfServingServer(sim, pod.id, this.run.config.serving.batching, batchSeconds);
    pod.server = server;
    this.endpoints.push(server); // no readiness probe: listed while the model loads
    const st = this.state.get(pod.id)!;
    st.containerStartedAt = sim.now;
    pod.timer = sim.schedule(this.modelLoad(), () => {
      pod.timer = null;
      if (server.state === 'loading') server.state = 'ready';
    });
    if (this.crashGap) st.crashTimer = sim.schedule(this.crashGap(), () => this.crash(pod));
  }

  /** Removes the server from the endpoints and stops it; its queued and running requests are lost. */
  private stopServer(pod: ServingPod): void {
    const server = pod.server;
    if (!server) return;
    this.unlist(server);
    const st = this.state.get(pod.id)!;
    const lost = server.stop();
    st.busyBase += server.busySeconds;
    pod.server = null;
    for (const r of lost) r.onLost(r);
  }

  private unlist(server: TfServingServer): void {
    const eps = this.endpoints;
    const i = eps.indexOf(server);
    if (i >= 0) eps.splice(i, 1);
  }

  private crash(pod: ServingPod): void {
    const run = this.run;
    const sim = run.sim;
    const st = this.state.get(pod.id)!;
    st.crashTimer = null;
    if (pod.phase !== 'running') return;
    const cfg = run.config.serving.restartBackoff;
    st.crashes = consecutiveCrashes(st.crashes, sim.now - st.containerStartedAt, cfg);
    const delay = restartDelay(st.crashes, cfg);
    sim.cancel(pod.timer);
    this.stopServer(pod);
    setPhase(pod, 'starting'); // CrashLoopBackOff: container waiting, pod not ready
    pod.restarts++;
    run.counters.crashes++;
    run.log('pod_crash', pod.name, `back-off ${delay} s`);
    pod.timer = sim.schedule(delay, () => {
      pod.timer = null;
      setPhase(pod, 'running');
      run.log('pod_restart', pod.name, `restart ${pod.restarts}`);
      // the image is on the node: the restarted container only loads the model again
      this.startServer(pod);
    });
  }
}
