#!/usr/bin/env node
// Runs every test/bench/*.bench.ts, each in its own Node process (so peak RSS is per benchmark), and
// passes their output through: one JSON line per measurement on stdout, notes on stderr.
// `npm run bench -- mmc` runs only the benchmarks whose file name matches any of the given patterns (regex).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const patterns = process.argv.slice(2).map((p) => new RegExp(p));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => patterns.length === 0 || patterns.some((re) => re.test(f)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${process.argv.slice(2).join(' ') || '*'} in ${here}`);
  process.exit(2);
}

function runOne(file) {
  return new Promise((resolve) => {
    console.error(`# ${file}`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], {
      cwd: path.resolve(here, '..', '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code, signal) => resolve(code === 0 ? 0 : (code ?? 1) || 1));
    child.on('error', (err) => {
      console.error(`${file}: ${err.message}`);
      resolve(1);
    });
  });
}

let failed = 0;
for (const f of files) {
  const code = await runOne(f);
  if (code !== 0) {
    console.error(`${f} failed (exit ${code})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
