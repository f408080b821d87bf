import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkOutputLocation, checkRunTarget, planRunDirectories, runDirName } from '../../sim/results/outputTarget.ts';
import { MARKER_FILE, writeMarker } from '../../sim/results/runDirMarker.ts';
import { isUserError } from '../../sim/cli/errors.ts';
import { tempDirs } from './support/tempDirs.ts';

const temp = tempDirs('kiosk-target-');
test.after(() => temp.removeAll());

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(isUserError(e), String(e));
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

test('a new path or an empty directory is fine; a directory of other files is refused, with or without force', () => {
  const root = temp.make();
  assert.is(checkRunTarget(path.join(root, 'a', 'b'), false), 'absent');
  mkdirSync(path.join(root, 'empty'));
  assert.is(checkRunTarget(path.join(root, 'empty'), false), 'empty');
  const mine = path.join(root, 'mine');
  mkdirSync(mine);
  writeFileSync(path.join(mine, 'keep'), 'x');
  for (const force of [false, true]) assert.match(refusal(() => checkRunTarget(mine, force)), 'not a kiosk-sim run directory');
  assert.is(readFileSync(path.join(mine, 'keep'), 'utf8'), 'x');
});

test('a file, a symbolic link, a path under a file, /proc, /sys and /dev are refused up front', () => {
  const root = temp.make();
  const file = path.join(root, 'f');
  writeFileSync(file, 'x');
  assert.match(refusal(() => checkRunTarget(file, true)), 'is a file');
  assert.match(refusal(() => checkRunTarget(path.join(file, 'x', 'y'), false)), `${file} is a file, not a directory`);
  mkdirSync(path.join(root, 'd'));
  symlinkSync(path.join(root, 'd'), path.join(root, 'link'));
  assert.match(refusal(() => checkRunTarget(path.join(root, 'link'), false)), 'symbolic link');
  for (const p of ['/proc/x', '/sys/kernel/x', '/dev/shm/x', '/proc']) assert.match(refusal(() => checkOutputLocation(p)), 'kernel file system');
  // a link into /proc is caught by its real path
  symlinkSync('/proc', path.join(root, 'p'));
  assert.match(refusal(() => checkOutputLocation(path.join(root, 'p', 'x'))), 'kernel file system');
});

test('the current directory is refused (`--out .`)', () => {
  const root = temp.make();
  const cwd = process.cwd();
  try {
    process.chdir(root);
    assert.match(refusal(() => checkRunTarget('.', false)), 'current directory');
  } finally {
    process.chdir(cwd);
  }
});

test('a kiosk-sim run directory needs --force, and then only when it holds nothing else', () => {
  const run = path.join(temp.make(), 'run');
  mkdirSync(run);
  writeFileSync(path.join(run, 'summary.json'), '{}');
  writeMarker(run, ['summary.json']);
  assert.match(refusal(() => checkRunTarget(run, false)), '--force');
  assert.is(checkRunTarget(run, true), 'run');
  writeFileSync(path.join(run, 'notes.txt'), 'mine');
  assert.match(refusal(() => checkRunTarget(run, true)), 'notes.txt');
  // a marker of another format is not ours
  writeFileSync(path.join(run, MARKER_FILE), '{"format":"other"}');
  assert.match(refusal(() => checkRunTarget(run, true)), 'not a kiosk-sim run directory');
});

test('scenario names are checked as path components: separators, "..", NUL, empty', () => {
  for (const name of ['../../victim', 'a/b', 'a\\b', '..', '.', 'x..', 'a\0b', '']) {
    const m = refusal(() => runDirName(name, 'scenarios/x.yaml'));
    assert.match(m, 'scenarios/x.yaml: name:');
  }
  assert.is(runDirName('kiosk-2020_8gpu.v2', 'f.yaml'), 'kiosk-2020_8gpu.v2');
});

test('several files: OUT/NAME each, checked before running; a name escaping OUT or used twice is refused', () => {
  const root = temp.make();
  const out = path.join(root, 'multi');
  assert.equal(planRunDirectories(out, [{ file: 'a.yaml', name: 'a' }, { file: 'b.yaml', name: 'b' }], false), [path.join(out, 'a'), path.join(out, 'b')]);
  assert.match(refusal(() => planRunDirectories(out, [{ file: 'a.yaml', name: '../../victim' }, { file: 'b.yaml', name: 'b' }], false)), 'a.yaml: name: "../../victim"');
  assert.match(refusal(() => planRunDirectories(out, [{ file: 'a.yaml', name: 'same' }, { file: 'b.yaml', name: 'Same' }], false)), 'b.yaml: name: "Same" is also the name of a.yaml');
  // same rules for each sub-directory
  mkdirSync(path.join(out, 'b'), { recursive: true });
  writeFileSync(path.join(out, 'b', 'keep'), 'x');
  assert.match(refusal(() => planRunDirectories(out, [{ file: 'a.yaml', name: 'a' }, { file: 'b.yaml', name: 'b' }], true)), 'not a kiosk-sim run directory');
  // the one-file case uses OUT itself, whatever the name
  assert.equal(planRunDirectories(path.join(root, 'one'), [{ file: 'a.yaml', name: '../x' }], false), [path.join(root, 'one')]);
});

test.run();
