/**
 * The scenario -> KioskConfig transform (normalize.ts) against a snapshot of its output taken with the
 * field-by-field mapping it replaced (commit bb749a6; the same file written there matches): for every committed scenario and a few --set variants, the
 * configuration's fingerprint (a hash of its canonical text, test/support/configFingerprint.ts) is
 * unchanged. The fingerprint covers the keys the snapshot lists (`keys`), so a setting added later
 * leaves it alone; a deliberate change of an existing value regenerates the snapshot with
 *   npx tsx test/support/writeConfigSnapshot.ts
 * and the diff of test/scenario/config.snapshot.json shows which cases it touched.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { canonicalText, caseKey, fingerprint, keyTree, project, snapshotCases, type KeyTree } from '../support/configFingerprint.ts';

const { keys, cases: snapshot } = JSON.parse(readFileSync(new URL('./config.snapshot.json', import.meta.url), 'utf8')) as { keys: KeyTree; cases: Record<string, string> };

test('the snapshot covers every committed scenario and every --set variant', () => {
  assert.equal(Object.keys(snapshot).sort(), snapshotCases().map(caseKey).sort());
});

test('every scenario gives the configuration of the snapshot', () => {
  const changed = snapshotCases().map(caseKey).filter((key, i) => {
    const c = snapshotCases()[i]!;
    return fingerprint(project(loadScenario(c.file, c.sets).config, keys)) !== snapshot[key];
  });
  assert.equal(changed, []);
});

test('the fingerprint tells apart what JSON would not: Infinity from null, a missing key from undefined, key order does not matter', () => {
  assert.is.not(fingerprint({ a: Infinity }), fingerprint({ a: null }));
  assert.is.not(fingerprint({ a: 1 }), fingerprint({ a: 1, b: undefined }));
  assert.is(fingerprint({ a: 1, b: [2, { c: 3 }] }), fingerprint({ b: [2, { c: 3 }], a: 1 }));
  assert.is(canonicalText(new Float64Array([1, 2])), '[1,2]');
});

test('the projection ignores a key added after the snapshot, and sees a changed, removed or renamed one', () => {
  const old = { a: 1, b: { c: 2, d: [3] }, profile: { x: 1 } };
  const keys = keyTree([old]);
  assert.equal(keys, { a: true, b: { c: true, d: true }, profile: true });
  const f = (v: unknown) => fingerprint(project(v, keys));
  assert.is(f({ ...old, added: 5, b: { ...old.b, e: 6 } }), f(old));
  assert.is.not(f({ ...old, a: 2 }), f(old));
  assert.is.not(f({ b: old.b, profile: old.profile }), f(old));
  assert.is.not(f({ ...old, b: { cc: 2, d: [3] } }), f(old));
  assert.is.not(f({ ...old, profile: { x: 2 } }), f(old));
});

test.run();
