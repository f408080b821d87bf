import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSweepDir, SWEEP_MARKER, writeSweepDir } from '../../sim/sweep/outDir.ts';

const root = mkdtempSync(path.join(tmpdir(), 'kiosk-sweep-out-'));
const fill = (text: string) => async (tmp: string) => { writeFileSync(path.join(tmp, 'sweep.csv'), text); };

test('a new directory is written with its marker, and nothing else is left beside it', async () => {
  const dir = path.join(root, 'new', 'deep');
  await writeSweepDir(dir, fill('a\n'));
  assert.equal(readdirSync(dir).sort(), [SWEEP_MARKER, 'sweep.csv']);
  assert.equal(JSON.parse(readFileSync(path.join(dir, SWEEP_MARKER), 'utf8')).entries, ['sweep.csv']);
  assert.equal(readdirSync(path.dirname(dir)), ['deep'], 'no temporary sibling left');
});

test('a previous sweep directory is replaced; an empty directory is used', async () => {
  const dir = path.join(root, 'again');
  await writeSweepDir(dir, fill('1\n'));
  await writeSweepDir(dir, fill('2\n'));
  assert.is(readFileSync(path.join(dir, 'sweep.csv'), 'utf8'), '2\n');
  const empty = path.join(root, 'empty');
  mkdirSync(empty);
  await writeSweepDir(empty, fill('3\n'));
  assert.is(readFileSync(path.join(empty, 'sweep.csv'), 'utf8'), '3\n');
});

test("a non-empty directory that is not a sweep's is refused and left untouched", async () => {
  const dir = path.join(root, 'users');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'thesis.tex'), 'precious');
  assert.throws(() => checkSweepDir(dir), (e: Error) => e.name === 'UserError' && /not empty/.test(e.message));
  try { await writeSweepDir(dir, fill('x')); assert.unreachable(); } catch (e) { assert.is((e as Error).name, 'UserError'); }
  assert.equal(readdirSync(dir), ['thesis.tex']);
  assert.is(readFileSync(path.join(dir, 'thesis.tex'), 'utf8'), 'precious');
});

test("a previous sweep directory holding a user's file is refused (the file is never deleted)", async () => {
  const dir = path.join(root, 'mixed');
  await writeSweepDir(dir, fill('1\n'));
  writeFileSync(path.join(dir, 'notes.md'), 'mine');
  try { await writeSweepDir(dir, fill('2\n')); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /notes\.md/); }
  assert.is(readFileSync(path.join(dir, 'notes.md'), 'utf8'), 'mine');
  assert.is(readFileSync(path.join(dir, 'sweep.csv'), 'utf8'), '1\n');
});

test('a failure while writing leaves the previous sweep as it was and no temporary directory', async () => {
  const dir = path.join(root, 'fails');
  await writeSweepDir(dir, fill('old\n'));
  try {
    await writeSweepDir(dir, async (tmp) => { writeFileSync(path.join(tmp, 'sweep.csv'), 'half'); throw new Error('disk full'); });
    assert.unreachable();
  } catch (e) { assert.is((e as Error).message, 'disk full'); }
  assert.is(readFileSync(path.join(dir, 'sweep.csv'), 'utf8'), 'old\n');
  assert.equal(readdirSync(root).filter((f) => f.includes('partial') || f.includes('.old-')), []);
});

test('a file where the directory should be is refused', () => {
  const f = path.join(root, 'afile');
  writeFileSync(f, '');
  assert.throws(() => checkSweepDir(f), /found a file/);
  assert.ok(existsSync(f));
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
