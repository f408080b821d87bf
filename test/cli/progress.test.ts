import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stderrProgress } from '../../sim/sweep/progress.ts';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => out.push(t) } };
}

test('not a terminal: one plain line per 10% step, none in between, the last at 100%', () => {
  const { out, stream } = fakeStream(false);
  let t = 0;
  const p = stderrProgress('run', stream, () => t);
  for (let i = 0; i <= 1000; i++) {
    t = i * 10; // 10 s in all: the 30 s rule never fires
    p.update(i === 1000 ? 4 : Math.floor(i / 250), 4, i / 1000);
  }
  p.stop();
  assert.is(out.length, 11, out.join(''));
  assert.ok(out.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\x1b')));
  assert.match(out[5]!, /^run: runs 2\/4 done, 50%/);
  assert.match(out.at(-1)!, /^run: runs 4\/4 done, 100%, elapsed 10s, ETA 0s\n$/);
});

test('not a terminal: a slow batch still gets a line every 30 s between steps', () => {
  const { out, stream } = fakeStream(false);
  let t = 0;
  const p = stderrProgress('sweep', stream, () => t);
  p.update(0, 2, 0); // 0%: a first line
  for (let s = 1; s <= 95; s++) {
    t = s * 1000;
    p.update(0, 2, 0.05 * (s / 95)); // stays under 10% for 95 s
  }
  assert.is(out.length, 1 + 3, out.join('')); // at 30, 60 and 90 s
  assert.match(out[1]!, /elapsed 30s/);
});

test('a terminal: a redrawn bar with runs done, ETA, ending at 100% and a newline', () => {
  const { out, stream } = fakeStream(true);
  let t = 0;
  const p = stderrProgress('run', stream, () => t);
  for (let i = 0; i <= 100; i++) {
    t = i * 50;
    p.update(i === 100 ? 1 : 0, 1, i / 100);
  }
  p.stop();
  assert.ok(out.slice(0, -1).every((l) => l.startsWith('\r')));
  assert.match(out.at(-2)!, /\[#{24}\] run: runs 1\/1 done, 100%, elapsed 5s, ETA 0s/);
  assert.is(out.at(-1), '\n');
  assert.ok(out.length < 60, 'throttled to 10 redraws a second');
});

test('run and sweep: plain progress lines on a piped stderr, none with --quiet', () => {
  const bin = path.resolve('sim/cli/bin.mjs');
  const run = (...a: string[]) => spawnSync(process.execPath, [bin, 'run', 'scenarios/examples/quick.yaml', '--json', ...a], { encoding: 'utf8' });
  const loud = run('-r', '2', '-j', '1');
  assert.is(loud.status, 0, loud.stderr);
  const lines = loud.stderr.trim().split('\n');
  assert.match(lines.at(-1)!, /^run: runs 2\/2 done, 100%/);
  assert.ok(lines.every((l) => l.startsWith('run: runs ')), loud.stderr);
  const quiet = run('-q');
  assert.is(quiet.status, 0);
  assert.is(quiet.stderr, '');
});

test.run();
