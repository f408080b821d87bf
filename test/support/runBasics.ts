import { RandomStreams, Simulation } from '../../sim/engine/index.ts';
import type { KioskConfig } from '../../sim/model/config.ts';
import type { RunBasics } from '../../sim/model/state.ts';
import { configFrom } from './configFrom.ts';

/** A component's smallest world: a fresh clock, a config (default: the scenario defaults), streams and a log. */
export function runBasics(config: KioskConfig = configFrom(), seed = 1): RunBasics & { events: { t: number; kind: string; target: string; detail: string }[] } {
  const sim = new Simulation();
  const events: { t: number; kind: string; target: string; detail: string }[] = [];
  return {
    sim,
    config,
    streams: new RandomStreams(seed),
    counters: { retries: 0, requeued: 0, crashes: 0, preemptions: 0, duplicateJobs: 0 },
    log: (kind, target, detail = '') => events.push({ t: sim.now, kind, target, detail }),
    events,
  };
}
