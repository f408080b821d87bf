import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createWriteStream } from 'node:fs';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { writeRunDirectory } from '../../sim/results/write.ts';
import { MARKER_FILE } from '../../sim/results/runDirMarker.ts';
import { isUserError } from '../../sim/cli/errors.ts';
import { idealConfig } from '../support/idealConfig.ts';
import { tempDirs } from './support/tempDirs.ts';

const temp = tempDirs('kiosk-write-');
test.after(() => temp.removeAll());

const reps = runReplications(idealConfig({ images: 120, rate: 3, service: { kind: 'constant', value: 0.1 }, servers: 2, consumers: 2 }), 2);
const summary = summarize('ideal', reps);

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

const dataRows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').length - 1;

test('summary.json is written last and records the marker and the data rows of each CSV file', async () => {
  const dir = path.join(temp.make(), 'run');
  await writeRunDirectory(dir, summary, reps, { name: 'ideal' });
  const s = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  assert.is(s.run_dir.format, 'kiosk-sim-run');
  assert.is(s.run_dir.version, 1);
  for (const f of ['images.csv', 'timeseries.csv', 'events.csv']) assert.is(s.run_dir.rows[f], dataRows(path.join(dir, f)), f);
  assert.is(s.run_dir.rows['images.csv'], 240);
  const marker = JSON.parse(readFileSync(path.join(dir, MARKER_FILE), 'utf8'));
  assert.ok(marker.entries.includes('summary.json') && marker.entries.includes('images.csv'));
  assert.equal(readdirSync(path.dirname(dir)), ['run'], 'no temporary sibling left');
});

test('a full disk (ENOSPC) while writing: one user error naming --out, nothing created, nothing partial left', async () => {
  const root = temp.make();
  const dir = path.join(root, 'deep', 'run');
  const full = () =>
    new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
      },
    });
  const e = await rejection(writeRunDirectory(dir, summary, reps, {}, { openFile: (f) => (f.endsWith('images.csv') ? full() : createWriteStream(f)) }));
  assert.ok(isUserError(e), String(e));
  assert.match(e.message, `--out ${dir}`);
  assert.match(e.message, 'disk is full (ENOSPC');
  assert.equal(readdirSync(root), [], 'neither the run, its temporary folder nor the created parent remain');
});

test('a full disk on a large file (the writer waits for drain) fails instead of hanging', async () => {
  const big = runReplications(idealConfig({ images: 45000, rate: 1000, service: { kind: 'constant', value: 0.001 }, servers: 2, consumers: 2 }), 1);
  const root = temp.make();
  const dir = path.join(root, 'run');
  let writes = 0;
  const full = () =>
    new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) {
        // the first chunk is accepted slowly, the next fails: the failure arrives while the writer waits for drain
        writes++;
        setTimeout(() => cb(writes > 1 ? Object.assign(new Error('no space'), { code: 'ENOSPC' }) : null), 5);
      },
    });
  const e = await rejection(writeRunDirectory(dir, summarize('big', big), big, {}, { openFile: (f) => (f.endsWith('images.csv') ? full() : createWriteStream(f)) }));
  assert.ok(isUserError(e), String(e));
  assert.equal(readdirSync(root), []);
});

test('a second run replaces the first only with force, and leaves none of its files mixed in', async () => {
  const dir = path.join(temp.make(), 'run');
  await writeRunDirectory(dir, summary, reps, { first: true });
  const first = readFileSync(path.join(dir, 'scenario.json'), 'utf8');
  const e = await rejection(writeRunDirectory(dir, summary, reps, { second: true }));
  assert.ok(isUserError(e));
  assert.match(e.message, '--force');
  assert.is(readFileSync(path.join(dir, 'scenario.json'), 'utf8'), first, 'refused: the first run is untouched');
  // an extra file kiosk-sim wrote earlier (here: a report folder it claimed) is gone after the swap
  mkdirSync(path.join(dir, 'report'));
  writeFileSync(path.join(dir, 'report', 'old.html'), 'old');
  const marker = JSON.parse(readFileSync(path.join(dir, MARKER_FILE), 'utf8'));
  writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify({ ...marker, entries: [...marker.entries, 'report'] }));
  const one = runReplications(idealConfig({ images: 30, rate: 3, service: { kind: 'constant', value: 0.1 }, servers: 2, consumers: 2 }), 1);
  await writeRunDirectory(dir, summarize('ideal', one), one, { second: true }, { force: true });
  assert.match(readFileSync(path.join(dir, 'scenario.json'), 'utf8'), '"second"');
  assert.not.ok(existsSync(path.join(dir, 'report')), "the first run's report is not left beside the second run");
  assert.is(dataRows(path.join(dir, 'images.csv')), 30);
  assert.equal(readdirSync(path.dirname(dir)), ['run'], 'the old run and the temporary folder are gone');
});

test('force never deletes a file kiosk-sim did not write', async () => {
  const dir = path.join(temp.make(), 'run');
  await writeRunDirectory(dir, summary, reps, {});
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const e = await rejection(writeRunDirectory(dir, summary, reps, {}, { force: true }));
  assert.ok(isUserError(e));
  assert.match(e.message, 'notes.txt');
  assert.is(readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.ok(existsSync(path.join(dir, 'summary.json')));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} while writing removes the partial directory (and the parent it created) and exits ${signal === 'SIGTERM' ? 143 : 130}`, async () => {
    const root = temp.make();
    const dir = path.join(root, 'new-parent', 'run');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/results/support/slowWrite.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never started writing: ${stderr}`)), 30000);
      child.stdout.on('data', (d) => {
        if (String(d).includes('writing')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.ok(readdirSync(path.join(root, 'new-parent')).some((e) => e.includes('kiosk-sim-partial')), 'the temporary folder existed');
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.is(code, signal === 'SIGTERM' ? 143 : 130, stderr);
    assert.match(stderr, 'removed the partial output');
    assert.equal(readdirSync(root), [], 'nothing partial left, not even the created parent');
  });
}

test.run();
