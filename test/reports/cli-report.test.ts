import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { reportCommand, runReport } from '../../sim/cli/report.ts';
import { isUserError } from '../../sim/cli/errors.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/reports/tiny-run');

test('`report DIR` writes into DIR/report by default and prints where report.html is', async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kiosk-cli-')), 'run');
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
  try {
    await runReport({ dirs: ['/nonexistent/run-dir'], png: false });
    assert.unreachable();
  } catch (e) {
    assert.ok(isUserError(e), String(e));
    assert.match((e as Error).message, '/nonexistent/run-dir');
  }
});

test.run();
