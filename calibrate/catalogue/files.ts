/**
 * The catalogue's committed profile files: loading them, and regenerating the derived ones from the V100 base
 * profiles (so a change to a source figure or to the method shows up as a diff in the JSON).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseProfile, type ServingProfile } from '../../sim/model/serving/profile.ts';
import { profileToJson } from '../profileBuilder.ts';
import { deriveProfile, type CatalogueGpu, type ModelEra } from './derive.ts';
import { CATALOGUE, CATALOGUE_GPUS, MODEL_ERAS } from './gpus.ts';

/** The repository root (this file is calibrate/catalogue/files.ts). */
export { REPO_ROOT } from '../../sim/scenario/repoRoot.ts';
import { REPO_ROOT } from '../../sim/scenario/repoRoot.ts';

export function readProfile(file: string): ServingProfile {
  return parseProfile(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** The committed profile standing for `gpu` in `era`, validated. */
export function loadCatalogueProfile(gpu: CatalogueGpu, era: ModelEra, root = REPO_ROOT): ServingProfile {
  return readProfile(path.join(root, CATALOGUE[gpu].profiles[era]));
}

/** Every derived profile as the JSON text it should have, keyed by repository-relative path. */
export function renderDerivedProfiles(root = REPO_ROOT): Map<string, string> {
  const out = new Map<string, string>();
  for (const era of MODEL_ERAS) {
    const base = loadCatalogueProfile('V100', era, root);
    for (const gpu of CATALOGUE_GPUS) {
      if (gpu === 'V100') continue;
      out.set(CATALOGUE[gpu].profiles[era], profileToJson(deriveProfile(gpu, era, base)));
    }
  }
  return out;
}

/** Writes the derived profiles; returns the paths written. */
export function writeDerivedProfiles(root = REPO_ROOT): string[] {
  const files = renderDerivedProfiles(root);
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return [...files.keys()];
}
