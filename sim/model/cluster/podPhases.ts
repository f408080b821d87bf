import type { Pod, PodKind, PodPhase } from './pod.ts';

/**
 * How many pods of each kind are in each phase, kept as phases change, so that the periodic readers (the HPAs'
 * ready pods, the time series' pod columns) need not recount the pod lists every tick: the consumer lists keep
 * gone pods until the periodic prune, and a recount every 15 s was most of a time-series sample in the 1-GPU cell
 * (callgrind at 10^5 images, instructions outside the compiler: headline -0.30%; 1-GPU within build-to-build noise).
 * Every phase write of a cluster pod goes through `setPhase` (a pod the cluster did not create is set, not counted).
 */
export class PodPhaseCounts {
  private readonly byKind: Record<PodKind, Int32Array> = {
    'tf-serving': new Int32Array(PHASE_COUNT),
    'image-consumer': new Int32Array(PHASE_COUNT),
    'zip-consumer': new Int32Array(PHASE_COUNT),
  };

  /** Counts `pod` from now on, in its current phase. */
  track(pod: Pod): void {
    const counts = this.byKind[pod.kind];
    COUNTS_OF.set(pod, counts);
    counts[PHASE_INDEX[pod.phase]]! += 1;
  }

  /** Pods of `kind` in `phase` (gone ones included: every pod ever tracked is in some phase). */
  count(kind: PodKind, phase: PodPhase): number {
    return this.byKind[kind][PHASE_INDEX[phase]]!;
  }
}

const PHASE_INDEX: Record<PodPhase, number> = { pending: 0, starting: 1, running: 2, terminating: 3, gone: 4 };
const PHASE_COUNT = 5;

/** The counts each tracked pod belongs to (a pod lives in one run, so one table serves every run of a thread). */
const COUNTS_OF = new WeakMap<Pod, Int32Array>();

/** Sets a pod's phase, moving it between its kind's counts when it is tracked. */
export function setPhase(pod: Pod, phase: PodPhase): void {
  const counts = COUNTS_OF.get(pod);
  if (counts !== undefined) {
    counts[PHASE_INDEX[pod.phase]]! -= 1;
    counts[PHASE_INDEX[phase]]! += 1;
  }
  pod.phase = phase;
}
