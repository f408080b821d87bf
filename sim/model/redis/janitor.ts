import type { Simulation } from '../../engine/index.ts';
import type { KioskConfig } from '../config.ts';
import type { ConsumerPods, RedisState, RunBasics } from '../state.ts';

/**
 * The janitor: every `interval`, each key in the processing list of a pod that is not running and
 * has not been touched for `staleAfter` goes back onto its queue (unless already finished).
 */
export function startJanitor(sim: Simulation, j: KioskConfig['redis']['janitor'], state: Pick<RunBasics, 'counters' | 'log'> & RedisState & ConsumerPods): void {
  if (!j.enabled) return;
  sim.every(j.interval, (now) => {
    const pods = state.stoppedConsumers;
    let kept = 0;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (p.holding >= 0 && now - p.updatedAt > j.staleAfter) {
        const key = p.holding;
        state.release(p);
        state.counters.requeued++;
        state.log('requeue', p.name, String(key));
        state.requeueUnlessFinished(p.kind, key);
      }
      // a pod still terminating may take another key; forget it once gone with an empty list
      if (p.phase !== 'gone' || p.holding >= 0) pods[kept++] = p;
    }
    pods.length = kept;
  });
}
