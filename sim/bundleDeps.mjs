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

mkdirSync(vendor, { recursive: true });
const licences = [];
for (const name of LIBRARIES) {
  await build({
    stdin: { contents: await entryOf(name), resolveDir: root, sourcefile: `${name}-entry.mjs` },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    // a CommonJS library's require() of Node's own modules (yaml: 'process'), which an ES module lacks
    banner: { js: "import { createRequire as __kioskSimRequire } from 'node:module'; const require = __kioskSimRequire(import.meta.url);" },
    outfile: path.join(vendor, `${name}.js`),
    logLevel: 'warning',
  });
  const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  licences.push(`${name} ${pkg.version} (${pkg.license})\n\n${readFileSync(path.join(root, 'node_modules', name, 'LICENSE'), 'utf8').trim()}\n`);
}
writeFileSync(path.join(vendor, 'LICENSES.txt'), licences.join('\n---\n\n'));

/** `from 'zod'`, `import('yaml')`: a bare specifier of exactly one of the bundled libraries. */
const SPECIFIER = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${LIBRARIES.join('|')})\\2`, 'g');

function rewrite(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p !== vendor) rewrite(p);
    } else if (entry.name.endsWith('.js')) {
      const text = readFileSync(p, 'utf8');
      const out = text.replace(SPECIFIER, (_m, lead, quote, name) => {
        let rel = path.relative(path.dirname(p), path.join(vendor, `${name}.js`)).split(path.sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return `${lead}${quote}${rel}${quote}`;
      });
      if (out !== text) writeFileSync(p, out);
    }
  }
}
rewrite(dist);
