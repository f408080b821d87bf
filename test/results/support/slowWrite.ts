/**
 * A child process for the interruption test: writes a run directory whose images.csv never finishes (its
 * stream accepts nothing), prints "writing" once the temporary folder exists, and waits for a signal.
 * Usage: tsx slowWrite.ts OUT_DIR
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createWriteStream } from 'node:fs';
import { runReplications } from '../../../sim/results/runScenario.ts';
import { summarize } from '../../../sim/results/summary.ts';
import { writeRunDirectory } from '../../../sim/results/write.ts';
import { idealConfig } from '../../support/idealConfig.ts';

const out = process.argv[2]!;
const reps = runReplications(idealConfig({ images: 50, rate: 3, service: { kind: 'constant', value: 0.1 }, servers: 2, consumers: 2 }), 1);
const stuck = () => new Writable({ write() { /* never calls back: the write is "in progress" forever */ } });
setInterval(() => {
  if (readdirSync(path.dirname(path.resolve(out))).some((e) => e.includes('kiosk-sim-partial'))) process.stdout.write('writing\n');
}, 20).unref();
// a stuck stream leaves nothing pending for the event loop: keep the process alive until the signal comes
setInterval(() => {}, 1000);
await writeRunDirectory(out, summarize('ideal', reps), reps, {}, {
  // one file is enough to stop in the middle; the others are real, so the temporary folder holds files
  openFile: (file) => (file.endsWith('timeseries.csv') ? stuck() : createWriteStream(file)),
});process.stdout.write('finished (the test expected to interrupt it)\n');
process.exit(0);
