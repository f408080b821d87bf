/** `run --out`: never destroys a user's files, never escapes --out, never hangs; mistakes are exit code 2. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isUserError } from '../../sim/cli/errors.ts';
import { tempDirs } from '../results/support/tempDirs.ts';
import { runInProcess } from './support/inProcess.ts';

const temp = tempDirs('kiosk-run-');
test.after(() => temp.removeAll());

const bin = path.resolve('sim/cli/bin.mjs');
const QUICK = path.resolve('scenarios/examples/quick.yaml');
const MM1 = path.resolve('scenarios/examples/mm1.yaml');
const SMALL = ['--set', 'workload.images=100'];
const kioskSim = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60000, env: { ...process.env, NO_COLOR: '1' } });

function userError(r: { error: Error | null }, ...parts: string[]): string {
  assert.ok(r.error, 'expected a refusal');
  assert.ok(isUserError(r.error), String(r.error?.stack));
  for (const p of parts) assert.match(r.error!.message, p);
  return r.error!.message;
}

test('--out DIR holding the user\'s files: exit 2, one message naming DIR, the files untouched, nothing run', () => {
  const root = temp.make();
  const dir = path.join(root, 'u');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'keep'), 'x');
  const r = kioskSim(root, 'run', QUICK, '--out', 'u', ...SMALL);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^kiosk-sim: --out u: the directory is not empty and is not a kiosk-sim run directory/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  assert.is(r.stdout, '', 'refused before simulating');
  assert.equal(readdirSync(dir), ['keep']);
  assert.is(readFileSync(path.join(dir, 'keep'), 'utf8'), 'x');
  assert.equal(readdirSync(root), ['u'], 'no temporary sibling');
});

test('--out FILE, --out under a file, --out ., --out /proc/x: exit 2 naming the path, nothing changed, no hang', () => {
  const root = temp.make();
  writeFileSync(path.join(root, 'f'), 'x');
  writeFileSync(path.join(root, 'keep'), 'mine');
  const cases: [string, RegExp][] = [
    ['f', /--out f: is a file/],
    ['f/x', /f is a file, not a directory/],
    ['.', /--out \.: is the current directory/],
    ['/proc/x', /--out \/proc\/x: \/proc is a kernel file system/],
  ];
  for (const [out, message] of cases) {
    const r = kioskSim(root, 'run', QUICK, '--out', out, ...SMALL);
    assert.is(r.status, 2, `${out}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /\n\s+at /);
  }
  assert.equal(readdirSync(root).sort(), ['f', 'keep']);
  assert.is(readFileSync(path.join(root, 'f'), 'utf8'), 'x');
});

test('a scenario named ../../victim cannot escape --out: the victim beside it survives', async () => {
  const root = temp.make();
  const victim = path.join(root, 'victim');
  writeFileSync(victim, 'keep');
  const file = path.join(root, 'escape.yaml');
  writeFileSync(file, readFileSync(QUICK, 'utf8').replace(/^name: quick$/m, 'name: ../../victim'));
  const r = await runInProcess(file, MM1, '--out', path.join(root, 'o', 'multi'), ...SMALL);
  userError(r, file, "name", "path separator");
  assert.is(readFileSync(victim, 'utf8'), 'keep');
  assert.not.ok(existsSync(path.join(root, 'o')), 'nothing created');
});

test('two runs of one call with the same name are refused before either runs', async () => {
  const root = temp.make();
  const r = await runInProcess(QUICK, QUICK, '--out', path.join(root, 'multi'), ...SMALL);
  userError(r, 'name: "quick" is also the name of');
  assert.is(r.stdout, '');
  assert.equal(readdirSync(root), []);
});

test('multi-file runs: a sub-directory holding user files is refused (even with --force) before anything runs', async () => {
  const root = temp.make();
  const out = path.join(root, 'multi');
  mkdirSync(path.join(out, 'mm1'), { recursive: true });
  writeFileSync(path.join(out, 'mm1', 'keep'), 'x');
  writeFileSync(path.join(out, 'README'), 'the container may hold anything');
  const r = await runInProcess(QUICK, MM1, '--out', out, '--force', ...SMALL);
  userError(r, `--out ${path.join(out, 'mm1')}: the directory is not empty`);
  assert.equal(readdirSync(out).sort(), ['README', 'mm1']);
  assert.equal(readdirSync(path.join(out, 'mm1')), ['keep']);
});

test('a second run into the same --out: refused without --force, replaced whole with it', async () => {
  const root = temp.make();
  const out = path.join(root, 'run');
  assert.is((await runInProcess(QUICK, '--out', out, '--set', 'workload.images=200')).error, null);
  const before = readFileSync(path.join(out, 'images.csv'), 'utf8');
  userError(await runInProcess(QUICK, '--out', out, ...SMALL), 'holds an earlier kiosk-sim run; pass --force');
  assert.is(readFileSync(path.join(out, 'images.csv'), 'utf8'), before);
  assert.is((await runInProcess(QUICK, '--out', out, '--force', ...SMALL)).error, null);
  assert.is(readFileSync(path.join(out, 'images.csv'), 'utf8').trim().split('\n').length, 101, 'only the second run');
  assert.equal(readdirSync(root), ['run']);
});

test.run();
