// Instruction counts of one run under callgrind, split into V8's optimising compiler and the rest.
// The host's speed drifts ~1.2x, so speed changes are compared in instructions (issue #12). But with
// `--single-threaded` TurboFan compiles on the main thread, and at the usual size (the headline at 10^5
// images) it is about a third of the count and varies by ~1% from run to run with its own heuristics
// (three runs of one build: 10.03, 10.10, 10.21 G). The rest (the simulation's own code, builtins, GC)
// varies less (6.36-6.40 G): compare that for changes to the model or the engine.
//
//   node --import tsx test/bench/instructions.ts [DIST] [-- run arguments...]
// DIST: a compiled tree holding sim/cli/main.js (default dist: `npm run build`). Default run: the
// headline, `--set workload.images=100000 --seed 1`. Needs valgrind (callgrind_annotate); ~2-5 min.
// Prints one JSON line: {"dist","args","total","compiler","rest"} (instructions).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const dist = (dash === -1 ? argv : argv.slice(0, dash))[0] ?? 'dist';
const runArgs =
  dash === -1
    ? ['run', 'scenarios/paper/2020-8gpu-0.5s-1m.yaml', '--set', 'workload.images=100000', '--json', '--seed', '1', '-q', '-j', '1']
    : argv.slice(dash + 1);

for (const tool of ['valgrind', 'callgrind_annotate']) {
  if (spawnSync(tool, ['--version']).error) {
    console.error(`${tool} is not installed: skipping (apt-get install valgrind)`);
    process.exit(0);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-cg-'));
try {
  const out = path.join(dir, 'callgrind.out');
  const run = spawnSync(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--predictable', path.join(dist, 'sim/cli/main.js'), ...runArgs],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (run.status !== 0) throw new Error(`the run under callgrind failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const annotated = spawnSync('callgrind_annotate', ['--threshold=100', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  let total = 0;
  let compiler = 0;
  for (const line of annotated.stdout.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!m || m[2]!.includes('PROGRAM TOTALS')) continue;
    const n = Number(m[1]!.replaceAll(',', ''));
    total += n;
    if (m[2]!.includes('v8::internal::compiler::')) compiler += n; // TurboFan's phases (graph reduction, scheduling, register allocation)
  }
  console.log(JSON.stringify({ dist, args: runArgs, total, compiler, rest: total - compiler }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
