/** Rewrites test/scenario/config.snapshot.json from the current transform (see test/scenario/config.test.ts). */
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { caseKey, fingerprint, snapshotCases } from './configFingerprint.ts';

const snapshot = Object.fromEntries(snapshotCases().map((c) => [caseKey(c), fingerprint(loadScenario(c.file, c.sets).config)]));
writeFileSync(new URL('../scenario/config.snapshot.json', import.meta.url), JSON.stringify(snapshot, null, 2) + '\n');
console.log(`${Object.keys(snapshot).length} cases written`);
