/**
 * A problem found while turning a validated scenario into the model's configuration, with the YAML
 * path it concerns; load.ts locates it in the file (or --set) that set that path.
 */
import type { Path } from './merge.ts';

export class ScenarioProblemError extends Error {
  constructor(readonly path: Path, message: string, readonly atKey = false) {
    super(message);
    this.name = 'ScenarioProblemError';
  }
}

export function problem(path: Path, message: string): never {
  throw new ScenarioProblemError(path, message);
}
