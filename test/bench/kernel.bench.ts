/**
 * Benchmark: the kernel alone, with many pending events. N processes each sleep exponential times
 * (mean 1 s), so the queue holds N events; a second run has every event arm a timeout and cancel it
 * (the "wait with a deadline" pattern), so half the queue operations are cancellations.
 * Prints one JSON line per case: {"name","pending","events","wall_s","events_per_s","peak_rss_mb"}.
 *
 *   tsx test/bench/kernel.bench.ts [events]   (default 2e6 per case)
 * peak_rss_mb is the process's peak so far (the cases run in one process, smallest first).
 */
import { Simulation } from '../../sim/engine/simulation.ts';
import { exponential } from '../../sim/engine/distributions.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';

const EVENTS = Number(process.argv[2] ?? 2e6);

function report(name: string, pending: number, sim: Simulation, t0: number): void {
  const wall = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    name,
    pending,
    events: sim.eventsProcessed,
    wall_s: Math.round(wall * 1000) / 1000,
    events_per_s: Math.round(sim.eventsProcessed / wall),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
  }));
}

function sleepers(n: number): void {
  const sim = new Simulation();
  const sleep = exponential(new RandomStreams(1).stream('sleep'), 1);
  for (let i = 0; i < n; i++) {
    sim.process((function* () {
      for (;;) yield sleep();
    })());
  }
  const t0 = performance.now();
  sim.run({ maxEvents: EVENTS });
  report('kernel-sleepers', n, sim, t0);
}

function deadlines(n: number): void {
  const sim = new Simulation();
  const delay = exponential(new RandomStreams(2).stream('delay'), 1);
  let timeouts = 0;
  const onTimeout = () => timeouts++;
  const tick = () => {
    const deadline = sim.schedule(10, onTimeout); // armed, then cancelled before it fires
    sim.schedule(delay(), tick);
    sim.cancel(deadline);
  };
  for (let i = 0; i < n; i++) sim.schedule(delay(), tick);
  const t0 = performance.now();
  sim.run({ maxEvents: EVENTS });
  if (timeouts !== 0) throw new Error('a cancelled timeout fired');
  report('kernel-deadlines', n, sim, t0);
}

for (const n of [10, 10_000]) sleepers(n);
deadlines(1000);
