import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../../sim/model/config.ts';
import { parseProfile } from '../../sim/model/serving/profile.ts';
import { DEFAULTS } from '../../sim/scenario/defaults.ts';
import { deepMerge, type PlainObject } from '../../sim/scenario/merge.ts';
import { normalize } from '../../sim/scenario/normalize.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { REPO_ROOT } from '../../sim/scenario/load.ts';

/**
 * A model configuration for a test: the scenario defaults (defaults.ts, the 2020 kiosk) with
 * `overrides` written as in a scenario file (snake_case, units as strings or SI numbers), validated by
 * the scenario schema and normalised like a loaded scenario. So a fixture names only what it changes,
 * and a new setting reaches every fixture through its default.
 */
export function configFrom(overrides: PlainObject = {}, name = 'test'): KioskConfig {
  const merged = deepMerge(DEFAULTS, overrides) as PlainObject;
  const parsed = scenarioSchema.parse({ name, ...merged });
  const needsProfile = parsed.serving?.service_time?.kind === 'profile' || parsed.consumers?.image?.postprocess?.kind === 'profile';
  const profileFile = parsed.serving?.profile;
  const profile = needsProfile && profileFile ? parseProfile(JSON.parse(readFileSync(path.join(REPO_ROOT, profileFile), 'utf8')), profileFile) : undefined;
  return normalize(parsed, name, profile ? { profile } : {});
}
