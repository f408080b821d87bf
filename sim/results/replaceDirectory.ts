import { renameSync } from 'node:fs';

/**
 * Puts the finished directory `tmp` at `target` in place of the earlier one there: the earlier one is
 * moved to `aside` and handed to `discard` only once the new one is in; if the swap fails it goes back.
 * Run directories and sweep directories both replace their predecessors this way.
 */
export function replaceDirectory(tmp: string, target: string, aside: string, discard: (aside: string) => void): void {
  renameSync(target, aside);
  try {
    renameSync(tmp, target);
  } catch (e) {
    renameSync(aside, target);
    throw e;
  }
  discard(aside);
}
