// sim/bundleDeps.mjs (run by `npm run build`): dist/ imports zod, yaml and yargs from its one-file bundles,
// each bundle exports what the installed library exports, and the yargs bundle carries no string-width.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const dist = path.resolve('dist');
const vendor = path.join(dist, 'vendor');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? (p === vendor ? [] : jsFiles(p)) : e.name.endsWith('.js') ? [p] : [];
  });
}

test('the build ran (npm run build; npm ci runs it)', () => {
  for (const name of ['zod', 'yaml', 'yargs']) assert.ok(existsSync(path.join(vendor, `${name}.js`)), `dist/vendor/${name}.js is missing: run npm run build`);
});

test('no compiled module imports zod, yaml or yargs as installed; the relative paths resolve', () => {
  const files = jsFiles(dist);
  assert.ok(files.length > 100, `${files.length} compiled files`);
  let pointed = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.not.match(text, /\b(from\s*|import\s*\(\s*)['"](zod|yaml|yargs|yargs\/helpers)['"]/, f);
    for (const m of text.matchAll(/from\s*'([^']*\/vendor\/(zod|yaml|yargs)\.js)'/g)) {
      assert.ok(existsSync(path.resolve(path.dirname(f), m[1]!)), `${f}: ${m[1]}`);
      pointed++;
    }
  }
  assert.ok(pointed >= 10, `${pointed} imports point at the bundles`);
});

test('each bundle exports the names the installed library exports, and works', async () => {
  for (const name of ['zod', 'yaml']) {
    const bundled = await import(pathToFileURL(path.join(vendor, `${name}.js`)).href);
    const installed = await import(name);
    assert.equal(Object.keys(bundled).sort(), Object.keys(installed).sort(), name);
  }
  const yaml = (await import(pathToFileURL(path.join(vendor, 'yaml.js')).href)) as { default: typeof import('yaml'); parse: typeof import('yaml').parse };
  assert.equal(yaml.default.parse('a: [1, 2]'), { a: [1, 2] });
  assert.equal(yaml.parse('b: x'), { b: 'x' });
  const { z } = (await import(pathToFileURL(path.join(vendor, 'zod.js')).href)) as typeof import('zod');
  const schema = z.strictObject({ n: z.number().int().min(1) });
  assert.ok(schema.safeParse({ n: 3 }).success);
  assert.not.ok(schema.safeParse({ n: 0 }, { jitless: true }).success);
});

test('the yargs bundle: no emoji patterns parsed at start, its locales found, the same help as yargs installed', () => {
  const bundle = readFileSync(path.join(vendor, 'yargs.js'), 'utf8');
  // what the bundle leaves out: string-width 8's /^\p{RGI_Emoji}$/v literal and its segmenter made at
  // import, and emoji-regex's pattern (string-width 7, starting with the keycaps); sim/cli/terminalWidth.ts
  // makes its own on first use (`??=`)
  const parsedAtStart = /\\p\{RGI_Emoji\}\$\/v|(?<!\?\?)=\s*new Intl\.Segmenter|\[#\*0-9\]\\uFE0F\?\\u20E3/;
  assert.not.match(bundle, parsedAtStart);
  const yargsPackage = createRequire(import.meta.url).resolve('yargs/package.json');
  const upstream = createRequire(yargsPackage).resolve('string-width'); // yargs' own string-width, wherever npm put it
  assert.match(readFileSync(upstream, 'utf8'), parsedAtStart, 'the pattern finds what it looks for');
  const cli = (main: string[], lang: string, ...args: string[]) =>
    spawnSync(process.execPath, [...main, ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LANG: lang, NO_COLOR: '1' } });
  for (const lang of ['C', 'de_DE.UTF-8', 'ja_JP.UTF-8']) {
    for (const args of [['run', '--help'], ['plan', '--help'], ['run']]) {
      const bundled = cli([path.join(dist, 'sim/cli/main.js')], lang, ...args);
      const installed = cli(['--import', 'tsx', 'sim/cli/main.ts'], lang, ...args);
      assert.is(bundled.stdout + bundled.stderr, installed.stdout + installed.stderr, `${lang}: ${args.join(' ')}`);
      assert.is(bundled.status, installed.status);
    }
  }
  // y18n read yargs' locale files (their directory comes from the installed shim's URL)
  assert.match(cli([path.join(dist, 'sim/cli/main.js')], 'de_DE.UTF-8', 'run', '--help').stdout, /^Optionen:$/m);
});

test.run();
