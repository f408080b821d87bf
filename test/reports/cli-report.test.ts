import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { reportCommand, runReport } from '../../sim/cli/report.ts';
import { isUserError } from '../../sim/cli/errors.ts';
import { MARKER_FILE } from '../../sim/results/runDirMarker.ts';
import { tempDirs } from '../results/support/tempDirs.ts';
import { runInProcess } from '../cli/support/inProcess.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/reports/tiny-run');
const temp = tempDirs('kiosk-report-');
test.after(() => temp.removeAll());

async function refusal(dir: string, ...parts: string[]): Promise<string> {
  try {
    await runReport({ dirs: [dir], png: false });
  } catch (e) {
    assert.ok(isUserError(e), String((e as Error).stack));
    for (const p of parts) assert.match((e as Error).message, p);
    return (e as Error).message;
  }
  throw new Error(`expected ${dir} to be refused`);
}

/** A real run directory, written by `kiosk-sim run --out`. */
async function realRun(): Promise<string> {
  const dir = path.join(temp.make(), 'run');
  const r = await runInProcess('scenarios/examples/quick.yaml', '--out', dir);
  assert.is(r.error, null, String(r.error));
  return dir;
}

test('`report DIR` writes into DIR/report by default and prints where report.html is', async () => {
  const dir = path.join(temp.make(), 'run');
  cpSync(TINY, dir, { recursive: true });
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    await yargs(['report', dir, '--no-png']).command(reportCommand).strict().fail(false).parseAsync();
  } finally {
    process.stdout.write = write;
  }
  const html = path.join(dir, 'report', 'report.html');
  assert.ok(existsSync(html));
  assert.not.ok(existsSync(path.join(dir, 'report', 'timeline.png')), '--no-png skips PNGs');
  assert.equal(lines, [`report: ${html}\n`]);
});

test('a directory that is not a run is a user error naming it (exit code 2, no stack)', async () => {
  await refusal('/nonexistent/run-dir', '/nonexistent/run-dir');
});

test('summary.json of {}, [1,2] or wrong types: a user error naming the file and the field, before any chart', async () => {
  const cases: [string, string][] = [
    ['{}', 'scenario: expected string, found nothing'],
    ['[1,2]', '(the top level): expected a JSON object, found an array'],
    ['{"scenario":"x","replications":"two"}', 'replications: expected number, found "two"'],
    ['{"scenario":"x","replications":1,"makespan_s":{"mean":"5h","sd":0,"min":1,"max":1}}', 'makespan_s.mean: expected number, found "5h"'],
    ['{"scenario":"x","replications":1,"meta":{"arrival":7}}', 'meta.arrival: expected a JSON object, found 7'],
  ];
  for (const [json, message] of cases) {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'summary.json'), json);
    await refusal(dir, `${path.join(dir, 'summary.json')}: ${message}`);
    assert.not.ok(existsSync(path.join(dir, 'report')), 'nothing written');
  }
});

test('a real run is accepted; its default report becomes part of the run directory', async () => {
  const dir = await realRun();
  await runReport({ dirs: [dir], png: false });
  assert.ok(JSON.parse(readFileSync(path.join(dir, MARKER_FILE), 'utf8')).entries.includes('report'));
});

test('a truncated images.csv (row count or cut-off line) is refused naming the file', async () => {
  const dir = await realRun();
  const images = path.join(dir, 'images.csv');
  truncateSync(images, statSync(images).size - 3000);
  await refusal(dir, `${images}: `, 'but summary.json records 200');
  // cut exactly at a line end: the count still tells
  const lines = readFileSync(images, 'utf8').split('\n');
  writeFileSync(images, lines.slice(0, 50).join('\n') + '\n');
  await refusal(dir, '49 data rows, but summary.json records 200');
});

test('a missing CSV file, a wrong header or a missing marker is refused', async () => {
  const dir = await realRun();
  const events = path.join(dir, 'events.csv');
  const saved = readFileSync(events, 'utf8');
  rmSync(events);
  await refusal(dir, `${events}: missing or empty`);
  writeFileSync(events, saved.replace(/^replication,t_s/, 'rep,time'));
  await refusal(dir, `${events}: unexpected header`);
  writeFileSync(events, saved);
  rmSync(path.join(dir, MARKER_FILE));
  await refusal(dir, MARKER_FILE);
});

test('a temporary directory of an interrupted run is refused, even one with a complete-looking summary.json', async () => {
  // what an interrupted run of the old writer left: OUT.partial-PID with summary.json and a truncated images.csv
  const root = temp.make();
  const partial = path.join(root, 'out.partial-4242');
  mkdirSync(partial);
  cpSync(TINY, partial, { recursive: true });
  await refusal(partial, 'did not finish writing');
  const renamed = path.join(root, 'renamed');
  renameSync(partial, renamed);
  const images = path.join(renamed, 'images.csv');
  writeFileSync(images, readFileSync(images, 'utf8').split('\n').slice(0, 6).join('\n'));
  await refusal(renamed, `${images}: the last line is cut off`);
  writeFileSync(images, readFileSync(images, 'utf8') + '\n');
  await refusal(renamed, '5 data rows, but summary.json says 10 images were submitted');
});

test.run();
