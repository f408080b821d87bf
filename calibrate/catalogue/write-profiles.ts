/**
 * Regenerates the catalogue's derived profiles: `npx tsx calibrate/catalogue/write-profiles.ts`.
 * With --check, writes nothing and exits 1 if a committed file differs from what the derivation gives.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, renderDerivedProfiles, writeDerivedProfiles } from './files.ts';

if (process.argv.includes('--check')) {
  const stale = [...renderDerivedProfiles()].filter(([rel, text]) => {
    const file = path.join(REPO_ROOT, rel);
    return !existsSync(file) || readFileSync(file, 'utf8') !== text;
  });
  for (const [rel] of stale) console.error(`stale: ${rel}`);
  process.exit(stale.length ? 1 : 0);
} else {
  for (const rel of writeDerivedProfiles()) console.log(`wrote ${rel}`);
}
