import type { ScheduledFault } from '../config.ts';
import { RedisOutages } from './redisOutage.ts';
import type { ConsumerPod, Pod, ServingPod } from '../cluster/pod.ts';
import type { ConsumerPods, JobState, RedisState, RunBasics } from '../state.ts';
import { setPhase } from '../cluster/podPhases.ts';

/** What the faults act on: the cluster's pod deletion and the tf-serving containers' hooks. */
export interface FaultTargets {
  deletePod(pod: Pod, grace: number, reason: string, replace: boolean): void;
}
export interface ServingHooks {
  readonly pods: readonly ServingPod[];
  stopping(pod: Pod): void;
  kill(pod: Pod): void;
  started(pod: Pod): void;
}

/** How often a consumer-kill looks for a victim until one holds a job (the live harness polls every 10 ms). */
export const VICTIM_POLL_S = 0.01;

/**
 * Faults at set times (scenario `faults`), to simulate what a validation run did to the live kiosk:
 * - consumer-kill: from `at` on, the first image consumer found holding a job is killed (SIGKILL:
 *   no grace) and the ReplicaSet starts a new pod under a new name; the key stays in the dead
 *   pod's processing list until the janitor finds it stale, as in the kiosk;
 * - server-restart: every tf-serving container is killed (queued and running calls are lost: the
 *   clients see UNAVAILABLE and retry after their back-off) and starts again after `duration`, then
 *   loads its model (serving.model_load);
 * - redis-down: for `duration` no poll of either queue is answered: a consumer that polls waits
 *   until its client's first try after Redis is back (redis.retry_interval), then gets a key or
 *   sleeps; an image consumer's work in hand stops at its next status write until then
 *   (redisOutage.ts); the zip consumers' put-back cycles go on (their commands are not modelled
 *   one by one).
 */
export function scheduleFaults(
  run: RunBasics & RedisState & ConsumerPods & Pick<JobState, 'record'>,
  cluster: FaultTargets,
  serving: ServingHooks,
  faults: readonly ScheduledFault[],
  /** redis.retry_interval: how often a consumer's client tries a command again while Redis is down. */
  redisRetryInterval = 0,
): void {
  const sim = run.sim;
  for (const f of faults) {
    const duration = f.duration ?? 0;
    if (f.kind === 'consumer-kill') {
      const look = (): void => {
        const victim = run.imagePods.find((p: ConsumerPod) => p.phase === 'running' && p.holding >= 0 && p.proc !== null && !p.proc.done);
        if (victim) {
          run.log('fault', victim.name, `consumer-kill holding ${victim.holding}`);
          cluster.deletePod(victim, 0, 'fault: consumer-kill', true);
        } else if (run.record.completed + run.record.failed < run.record.count) sim.schedule(VICTIM_POLL_S, look);
      };
      sim.at(f.at, look);
    } else if (f.kind === 'server-restart') {
      sim.at(f.at, () => {
        for (const pod of serving.pods) {
          if (pod.phase !== 'running' || !pod.server) continue;
          run.log('fault', pod.name, `server-restart for ${duration} s`);
          sim.cancel(pod.timer);
          pod.timer = null;
          serving.stopping(pod);
          serving.kill(pod);
          setPhase(pod, 'starting'); // container down, pod not ready (as in a crash's back-off)
          pod.timer = sim.schedule(duration, () => {
            pod.timer = null;
            if (pod.phase !== 'starting') return; // deleted meanwhile
            setPhase(pod, 'running');
            serving.started(pod);
          });
        }
      });
    } else {
      sim.at(f.at, () => {
        run.log('fault', 'redis', `redis-down for ${duration} s`);
        run.imageQueue.setPaused(true);
        run.zipQueue.setPaused(true);
      });
      const up = f.at + duration;
      const doneAt = (issued: number) => RedisOutages.doneAt(issued, up, redisRetryInterval);
      sim.at(up, () => {
        run.imageQueue.setPaused(false, doneAt);
        run.zipQueue.setPaused(false, doneAt);
      });
    }
  }
}
