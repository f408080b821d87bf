/**
 * Benchmark: M/M/c with c = 4 servers at utilisation rho = 0.8 (arrival rate 3.2/s, mean service 1 s),
 * written with the engine's public API (processes + Resource; see test/engine/support/queues.ts).
 *
 *   tsx test/bench/mmc.bench.ts                 1e6 and 1e7 customers (each in its own process), then SimPy 3
 *   tsx test/bench/mmc.bench.ts --customers N   one run of N customers
 *
 * Prints one JSON line per run: {"name":"mmc","customers","events","wall_s","customers_per_s",
 * "events_per_s","peak_rss_mb"} (plus cpu_s and mean_wait_s), the SimPy peer's line ("mmc-simpy3",
 * same model: test/bench/peers/mmc_simpy.py) and a ratio line (target: >= 25x SimPy's customers/s);
 * also the same model written with event callbacks ("mmc-callbacks", Resource.request) and its ratio.
 * Both sizes report peak RSS: it stays flat from 1e6 to 1e7 customers because customers are created
 * one at a time by the arrival process and die on departure (memory follows pending events).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { runQueue, runQueueCallbacks } from '../engine/support/queues.ts';

const C = 4; // servers
const MU = 1; // service rate per server (1/s)
const RHO = 0.8; // utilisation
const LAMBDA = RHO * C * MU; // arrival rate (1/s)
const SIMPY_PYTHON = '/usr/bin/python3'; // Debian's python3-simpy3 installs for the system python only

function runOnce(customers: number, style: 'processes' | 'callbacks' = 'processes'): Record<string, unknown> {
  const streams = new RandomStreams(1);
  const arrivals = streams.stream('arrivals');
  const services = streams.stream('service');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = (style === 'callbacks' ? runQueueCallbacks : runQueue)({
    servers: C,
    customers,
    interarrival: () => -Math.log(1 - arrivals.next()) / LAMBDA,
    service: () => -Math.log(1 - services.next()) / MU,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const events = run.sim.eventsProcessed;
  return {
    name: style === 'callbacks' ? 'mmc-callbacks' : 'mmc',
    customers: run.served,
    events,
    wall_s: round(wall, 3),
    customers_per_s: Math.round(run.served / wall),
    events_per_s: Math.round(events / wall),
    cpu_s: round((cpu.user + cpu.system) / 1e6, 3),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    mean_wait_s: run.meanWait,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function child(args: string[], cmd = process.execPath): Record<string, unknown> | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    console.error(`mmc bench: ${cmd} ${args.join(' ')} exited with ${r.status}`);
    process.exitCode = 1;
    return null;
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  console.log(line);
  return JSON.parse(line) as Record<string, unknown>;
}

function main(): void {
  const i = process.argv.indexOf('--customers');
  if (i >= 0) {
    const style = process.argv.includes('--callbacks') ? 'callbacks' : 'processes';
    console.log(JSON.stringify(runOnce(Number(process.argv[i + 1]), style)));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const sizes = [1e6, 1e7];
  const ours = sizes.map((n) => child(['--import', 'tsx', self, '--customers', String(n)]));
  // the same model written with event callbacks (Resource.request) instead of generator processes
  const callbacks = child(['--import', 'tsx', self, '--customers', String(sizes[0]), '--callbacks']);
  const peer = path.join(path.dirname(self), 'peers', 'mmc_simpy.py');
  const probe = spawnSync(SIMPY_PYTHON, ['-c', 'import simpy'], { stdio: 'ignore' });
  if (!existsSync(SIMPY_PYTHON) || probe.status !== 0) {
    console.error(`mmc bench: SimPy 3 not installed for ${SIMPY_PYTHON}; skipping the peer ` +
      `(install with: apt-get update && apt-get install -y python3-simpy3)`);
    return;
  }
  const simpy = child([peer, String(sizes[0])], SIMPY_PYTHON);
  const base = ours[0];
  if (simpy && base) {
    const ratio = Number(base.customers_per_s) / Number(simpy.customers_per_s);
    // The same ratio from CPU seconds: steadier than wall time when other work shares the machine.
    const cpuRatio = Number(simpy.cpu_s) / Number(base.cpu_s);
    console.log(JSON.stringify({
      name: 'mmc-vs-simpy3', customers: sizes[0], ratio_customers_per_s: round(ratio, 1), ratio_cpu: round(cpuRatio, 1), target: 25,
    }));
    // Repeats (fresh processes, interleaved): on a shared host one run can be 1.7x slower than the next, so
    // also report the best and the median of each side, as timeit does.
    const repeats = Number(process.env.MMC_REPEATS ?? 3);
    if (repeats > 1) {
      const oursCpu = [Number(base.cpu_s)];
      const peerCpu = [Number(simpy.cpu_s)];
      const oursWall = [Number(base.wall_s)];
      const peerWall = [Number(simpy.wall_s)];
      for (let k = 1; k < repeats; k++) {
        const o = child(['--import', 'tsx', self, '--customers', String(sizes[0])]);
        const p = child([peer, String(sizes[0])], SIMPY_PYTHON);
        if (o) (oursCpu.push(Number(o.cpu_s)), oursWall.push(Number(o.wall_s)));
        if (p) (peerCpu.push(Number(p.cpu_s)), peerWall.push(Number(p.wall_s)));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ratio = (peer: number[], ours: number[], pick: (xs: number[]) => number) => round(pick(peer) / pick(ours), 1);
      const best = (xs: number[]) => Math.min(...xs);
      console.log(JSON.stringify({
        name: 'mmc-vs-simpy3-repeated', customers: sizes[0], repeats,
        ours_wall_s: oursWall, simpy_wall_s: peerWall, ours_cpu_s: oursCpu, simpy_cpu_s: peerCpu,
        ratio_wall_best: ratio(peerWall, oursWall, best), ratio_wall_median: ratio(peerWall, oursWall, median),
        ratio_cpu_best: ratio(peerCpu, oursCpu, best), ratio_cpu_median: ratio(peerCpu, oursCpu, median), target: 25,
      }));
    }
    if (callbacks) {
      console.log(JSON.stringify({
        name: 'mmc-callbacks-vs-simpy3', customers: sizes[0],
        ratio_customers_per_s: round(Number(callbacks.customers_per_s) / Number(simpy.customers_per_s), 1),
        ratio_cpu: round(Number(simpy.cpu_s) / Number(callbacks.cpu_s), 1), target: 25,
      }));
    }
  }
}

main();
