/**
 * This kiosk-sim's identity: the package version plus a hash of the code that computes a run (every
 * file under sim/, .ts from source or .js once built, and the locked dependency versions). BullMQ
 * workers serve only jobs of their own identity, so a result never comes from different code than
 * the submitter's. KIOSK_SIM_BUILD_TAG, when set, is appended (tests use it to stand for another build).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../scenario/repoRoot.ts';

// the TypeScript sources, also when this module runs compiled from dist/: a worker under tsx and a
// submitter from dist/ (or the reverse) are the same build
const PACKAGE_ROOT = REPO_ROOT;
const SIM_ROOT = path.join(PACKAGE_ROOT, 'sim');

export interface BuildId { version: string; hash: string; id: string }

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...codeFiles(p));
    else if (/\.(ts|mjs|json)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

let cached: { version: string; hash: string } | undefined;

function sourceHash(): { version: string; hash: string } {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: unknown };
  const h = createHash('sha256');
  h.update(JSON.stringify(pkg.dependencies ?? {}));
  const lock = path.join(PACKAGE_ROOT, 'package-lock.json');
  if (existsSync(lock)) h.update(readFileSync(lock));
  for (const f of codeFiles(SIM_ROOT).sort()) {
    h.update(path.relative(SIM_ROOT, f).split(path.sep).join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  cached = { version: pkg.version, hash: h.digest('hex').slice(0, 16) };
  return cached;
}

export function buildId(): BuildId {
  const { version, hash } = sourceHash();
  const tag = process.env.KIOSK_SIM_BUILD_TAG;
  return { version, hash, id: `${version}+${hash}${tag ? `.${tag}` : ''}` };
}
