/**
 * The scenario -> KioskConfig transform (normalize.ts) against a snapshot of its output taken with the
 * field-by-field mapping it replaced: for every committed scenario and a few --set variants, the
 * configuration's fingerprint (a hash of its canonical text, test/support/configFingerprint.ts) is
 * unchanged. A deliberate change of the configuration (a new setting) regenerates the snapshot with
 *   npx tsx test/support/writeConfigSnapshot.ts
 * and the diff of test/scenario/config.snapshot.json shows which cases it touched.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { canonicalText, caseKey, fingerprint, snapshotCases } from '../support/configFingerprint.ts';

const snapshot = JSON.parse(readFileSync(new URL('./config.snapshot.json', import.meta.url), 'utf8')) as Record<string, string>;

test('the snapshot covers every committed scenario and every --set variant', () => {
  assert.equal(Object.keys(snapshot).sort(), snapshotCases().map(caseKey).sort());
});

test('every scenario gives the configuration of the snapshot', () => {
  const changed = snapshotCases().map(caseKey).filter((key, i) => {
    const c = snapshotCases()[i]!;
    return fingerprint(loadScenario(c.file, c.sets).config) !== snapshot[key];
  });
  assert.equal(changed, []);
});

test('the fingerprint tells apart what JSON would not: Infinity from null, a missing key from undefined, key order does not matter', () => {
  assert.is.not(fingerprint({ a: Infinity }), fingerprint({ a: null }));
  assert.is.not(fingerprint({ a: 1 }), fingerprint({ a: 1, b: undefined }));
  assert.is(fingerprint({ a: 1, b: [2, { c: 3 }] }), fingerprint({ b: [2, { c: 3 }], a: 1 }));
  assert.is(canonicalText(new Float64Array([1, 2])), '[1,2]');
});

test.run();
