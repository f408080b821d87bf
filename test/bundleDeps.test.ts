// sim/bundleDeps.mjs (run by `npm run build`): dist/ imports zod and yaml from its one-file bundles, and
// each bundle exports what the installed library exports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve('dist');
const vendor = path.join(dist, 'vendor');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? (p === vendor ? [] : jsFiles(p)) : e.name.endsWith('.js') ? [p] : [];
  });
}

test('the build ran (npm run build; npm ci runs it)', () => {
  assert.ok(existsSync(path.join(vendor, 'zod.js')) && existsSync(path.join(vendor, 'yaml.js')), 'dist/vendor/{zod,yaml}.js are missing: run npm run build');
});

test('no compiled module imports zod or yaml as installed; the relative paths resolve', () => {
  const files = jsFiles(dist);
  assert.ok(files.length > 100, `${files.length} compiled files`);
  let pointed = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.not.match(text, /\b(from\s*|import\s*\(\s*)['"](zod|yaml)['"]/, f);
    for (const m of text.matchAll(/from\s*'([^']*\/vendor\/(zod|yaml)\.js)'/g)) {
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

test.run();
