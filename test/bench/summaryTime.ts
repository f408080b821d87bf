// The main thread's summary of a run's latencies, timed on real headline results: summarizeRecords of
// one replication (what `run` does for R = 1) and summarizeReplications of three (R = 3, what the grid's
// 1M cells do), each after one warm-up call, several repetitions; with --peer, a compiled tree of another
// build (e.g. main's `npm run build` copied aside) is timed on the same records in the same process, so
// the host's drift cancels out of the ratio. Not a test: ~30 s of simulation first (3 x 10^6 images).
//
//   node --import tsx test/bench/summaryTime.ts [--images N] [--reps K] [--peer DIST]
// defaults: the headline at 10^6 images, seed 1, 5 repetitions. Prints one JSON line per build timed.
import { loadScenario } from '../../sim/scenario/load.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import * as own from '../../sim/results/latency.ts';
import type { ImageRecord } from '../../sim/model/record.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const images = Number(opt('--images', '1000000'));
const reps = Number(opt('--reps', '5'));
const peer = args.includes('--peer') ? opt('--peer', '') : null;

type Summaries = Pick<typeof own, 'summarizeRecords' | 'summarizeReplications'>;

const { config } = loadScenario('scenarios/paper/2020-8gpu-0.5s-1m.yaml', [`workload.images=${images}`, 'seed=1']);
const t0 = performance.now();
const records: ImageRecord[] = runReplications(config, 3).map((r) => r.record);
console.error(`3 replications of ${images} images simulated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** Milliseconds of each repetition after a warm-up call. */
function times(f: () => unknown): number[] {
  f();
  const out: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { min_ms: +s[0]!.toFixed(1), median_ms: +s[Math.floor(s.length / 2)]!.toFixed(1) };
};

function measure(name: string, m: Summaries): void {
  const one = times(() => m.summarizeRecords([records[0]!]));
  const three = times(() => m.summarizeReplications(records));
  console.log(JSON.stringify({ build: name, images, repetitions: reps, summarizeRecords_1rep: stats(one), summarizeReplications_3reps: stats(three) }));
}

if (peer !== null) measure(peer, (await import(`${peer.startsWith('/') ? peer : `${process.cwd()}/${peer}`}/sim/results/latency.js`)) as Summaries);
measure('this tree', own);
