import * as assert from 'uvu/assert';

/** Asserts that `fn` throws an instance of `kind` whose message matches `message` (when given). */
export function throwsKind(fn: () => unknown, kind: abstract new (...args: never[]) => Error, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof kind && (message === undefined || message.test(e.message)));
}
