/** Rewrites test/scenario/config.snapshot.json from the current transform (see test/scenario/config.test.ts). */
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { caseKey, fingerprint, keyTree, project, snapshotCases } from './configFingerprint.ts';

const configs = snapshotCases().map((c) => [caseKey(c), loadScenario(c.file, c.sets).config] as const);
const keys = keyTree(configs.map(([, c]) => c));
const cases = Object.fromEntries(configs.map(([k, c]) => [k, fingerprint(project(c, keys))]));
writeFileSync(new URL('../scenario/config.snapshot.json', import.meta.url), JSON.stringify({ keys, cases }, null, 1) + '\n');
console.log(`${configs.length} cases written`);
