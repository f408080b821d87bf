#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles the libraries every start of the CLI loads (zod, yaml)
// into one file each under dist/vendor/, and points dist/'s imports of them there. Node 20 loads an
// ES module per file, and zod alone is ~95 files (yaml ~75): as one file each, a start reads and
// links two modules instead of ~170. Measured (`validate` of a small file): docs/speed-history.md, session 9.
// Nothing else changes: the same library code, not minified beyond whitespace and syntax, licences
// kept (dist/vendor/LICENSES.txt). Running from source (tsx) imports the libraries as installed.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const vendor = path.join(dist, 'vendor');

/** The bundled libraries. */
const LIBRARIES = ['zod', 'yaml'];

/** A bundle's entry: every name the installed library exports (yaml is CommonJS, so `export *` would find none). */
async function entryOf(name) {
  const mod = await import(name);
  const names = Object.keys(mod).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
  return `export { ${names.join(', ')} } from '${name}';${'default' in mod ? ` export { default } from '${name}';` : ''}`;
}

/** What every bundle is built with: one ES module for Node 20, whitespace and syntax minified only, licences kept. */
const BUNDLE = { bundle: true, format: 'esm', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true, legalComments: 'eof', logLevel: 'warning' };

mkdirSync(vendor, { recursive: true });
const licences = [];
for (const name of LIBRARIES) {
  await build({
    ...BUNDLE,
    stdin: { contents: await entryOf(name), resolveDir: root, sourcefile: `${name}-entry.mjs` },
    // a CommonJS library's require() of Node's own modules (yaml: 'process'), which an ES module lacks
    banner: { js: "import { createRequire as __kioskSimRequire } from 'node:module'; const require = __kioskSimRequire(import.meta.url);" },
    outfile: path.join(vendor, `${name}.js`),
  });
  const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  licences.push(`${name} ${pkg.version} (${pkg.license})\n\n${readFileSync(path.join(root, 'node_modules', name, 'LICENSE'), 'utf8').trim()}\n`);
}

// yargs and yargs/helpers in one bundle, with every `string-width` (yargs', cliui's and wrap-ansi's
// copies) replaced by sim/cli/terminalWidth.ts: the emoji patterns of string-width cost ~470 M
// instructions at each start, parsed even unused (docs/speed-history.md, session 13). yargs' ES-module
// shim takes its locale directory, `mainFilename` and `require` from its own URL, so in the bundle that
// URL is the installed shim's (found from the bundle's place, as Node would resolve 'yargs').
const YARGS_SHIM = /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const yargsPackages = new Set();
const yargsBuild = await build({
  ...BUNDLE,
  stdin: { contents: "export { default } from 'yargs'; export { hideBin } from 'yargs/helpers';", resolveDir: root, sourcefile: 'yargs-entry.mjs' },
  metafile: true,
  outfile: path.join(vendor, 'yargs.js'),
  plugins: [
    {
      name: 'kiosk-sim-yargs',
      setup(b) {
        b.onResolve({ filter: /^string-width$/ }, () => ({ path: path.join(dist, 'sim', 'cli', 'terminalWidth.js') }));
        b.onLoad({ filter: YARGS_SHIM }, (args) => ({
          loader: 'js',
          contents:
            "import { createRequire as __kioskSimShimRequire } from 'node:module';\n" +
            "import { pathToFileURL as __kioskSimToURL } from 'node:url';\n" +
            "const __yargsShimUrl = __kioskSimToURL(__kioskSimShimRequire(import.meta.url).resolve('yargs/package.json').replace(/package\\.json$/, 'lib/platform-shims/esm.mjs')).href;\n" +
            readFileSync(args.path, 'utf8').replaceAll('import.meta.url', '__yargsShimUrl'),
        }));
      },
    },
  ],
});
for (const input of Object.keys(yargsBuild.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (m) yargsPackages.add(input.slice(0, m.index + m[0].length));
}
for (const dir of [...yargsPackages].sort()) {
  const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const licence = readdirSync(path.join(root, dir)).find((f) => /^licen[cs]e/i.test(f));
  licences.push(`${pkg.name} ${pkg.version} (${pkg.license})${licence ? `\n\n${readFileSync(path.join(root, dir, licence), 'utf8').trim()}` : ''}\n`);
}
writeFileSync(path.join(vendor, 'LICENSES.txt'), licences.join('\n---\n\n'));

/** Each bundled specifier and its bundle (dist/vendor/NAME.js). */
const BUNDLE_OF = { ...Object.fromEntries(LIBRARIES.map((n) => [n, n])), yargs: 'yargs', 'yargs/helpers': 'yargs' };

/** `from 'zod'`, `import('yaml')`: a bare specifier of exactly one of the bundled libraries. */
const SPECIFIER = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${Object.keys(BUNDLE_OF).join('|')})\\2`, 'g');

function rewrite(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p !== vendor) rewrite(p);
    } else if (entry.name.endsWith('.js')) {
      const text = readFileSync(p, 'utf8');
      const out = text.replace(SPECIFIER, (_m, lead, quote, name) => {
        let rel = path.relative(path.dirname(p), path.join(vendor, `${BUNDLE_OF[name]}.js`)).split(path.sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return `${lead}${quote}${rel}${quote}`;
      });
      if (out !== text) writeFileSync(p, out);
    }
  }
}
rewrite(dist);
