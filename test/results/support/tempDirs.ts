/** Temporary folders for a test file, all removed when the file's tests end (call `removeAll` in `test.after`). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDirs(prefix: string) {
  const made: string[] = [];
  return {
    make(): string {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
    removeAll(): void {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
