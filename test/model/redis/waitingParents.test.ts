import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { ZIP_STATUS } from '../../../sim/model/consumers/zipConsumer.ts';
import type { ParentChecks } from '../../../sim/model/redis/zipRotation.ts';
import { KeyRing } from '../../../sim/model/redis/keyRing.ts';
import { WaitingParents } from '../../../sim/model/redis/waitingParents.ts';
import type { ZipState } from '../../../sim/model/state.ts';

const ZIPS = 40;
const PER = 7;
const IMAGES = ZIPS * PER - 3; // the last zip is short
const OP = 0.0013;
const GAP = 0.5013;

/** Zips in every state: new, done, waiting with children running (Infinity), waiting with all finished at some time (the short last zip too). */
function zipState(seed: number): ZipState {
  const u = aleaFor(seed, 'waiting-parents');
  const z: ZipState = {
    status: new Uint8Array(ZIPS),
    created: new Float64Array(ZIPS),
    expanded: new Float64Array(ZIPS),
    finished: new Float64Array(ZIPS),
    childrenFinished: new Int32Array(ZIPS),
    allChildrenFinishedAt: new Float64Array(ZIPS).fill(Infinity),
    childrenSeenFinished: new Int32Array(ZIPS),
  };
  for (let zip = 0; zip < ZIPS; zip++) {
    const r = u();
    z.status[zip] = r < 0.05 ? ZIP_STATUS.new : r < 0.1 ? ZIP_STATUS.done : ZIP_STATUS.waiting;
    const size = Math.min(PER, IMAGES - zip * PER);
    // as kiosk.ts imageFinished keeps them: the finish time is set once the count reaches the size
    z.childrenFinished[zip] = u() < 0.08 ? size : Math.floor(u() * size);
    if (z.childrenFinished[zip] === size) z.allChildrenFinishedAt[zip] = u() * 100;
    z.childrenSeenFinished[zip] = Math.floor(u() * (z.childrenFinished[zip]! + 1));
  }
  return z;
}

/** The parent check as the zip consumer made it before WaitingParents (one closure per half): the reference. */
function parentChecks(z: ZipState, op: number, per: number, images: number): ParentChecks {
  return {
    workFrom: (zip) => (z.status[zip] !== ZIP_STATUS.waiting ? -Infinity : z.allChildrenFinishedAt[zip]!),
    readSeconds: (zip) => {
      const unknown = Math.min(per, images - zip * per) - z.childrenSeenFinished[zip]!;
      z.childrenSeenFinished[zip] = z.childrenFinished[zip]!;
      return (2 + unknown) * op;
    },
  };
}

function ringOf(keys: number[]): KeyRing {
  const ring = new KeyRing(8);
  for (const k of keys) ring.pushBack(k);
  return ring;
}

test('workFrom and readSeconds read and record as the zip consumer\'s parent check they replaced', () => {
  const a = zipState(1);
  const b = zipState(1);
  const ours = new WaitingParents(a, OP, PER, IMAGES);
  const theirs = parentChecks(b, OP, PER, IMAGES);
  for (let round = 0; round < 2; round++)
    for (let zip = 0; zip < ZIPS; zip++) {
      assert.is(ours.workFrom(zip), theirs.workFrom(zip), `workFrom(${zip})`);
      assert.ok(Object.is(ours.readSeconds(zip), theirs.readSeconds(zip)), `readSeconds(${zip})`);
    }
  assert.equal([...a.childrenSeenFinished], [...b.childrenSeenFinished]);
});

test('cycleWaiting makes the pops one cycle at a time would: same count, budget bits and reads, past the list length', () => {
  let stretches = 0;
  let longest = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const u = aleaFor(seed, 'lists');
    const keys = Array.from({ length: 1 + Math.floor(u() * 25) }, () => Math.floor(u() * ZIPS));
    const budget0 = u() * 40;
    const a = zipState(seed);
    const b = zipState(seed);
    const bulk = new WaitingParents(a, OP, PER, IMAGES);
    const single = new WaitingParents(b, OP, PER, IMAGES);
    const bulkRing = ringOf(keys);
    const singleRing = ringOf(keys);
    if (bulk.workFrom(bulkRing.peekFront()!) !== Infinity) continue; // cycleWaiting starts at a waiting parent
    // the reference: one pop at a time, as BulkZipRotation's loop did
    let budget = budget0;
    let n = 0;
    do {
      budget -= single.readSeconds(singleRing.peekFront()!) + GAP;
      singleRing.cycle();
      n++;
    } while (budget > 0 && single.workFrom(singleRing.peekFront()!) === Infinity);
    const left = bulk.cycleWaiting(bulkRing, budget0, GAP);
    assert.is(bulk.cycled, n, `seed ${seed}: pops`);
    assert.ok(Object.is(left, budget), `seed ${seed}: budget ${left} vs ${budget}`);
    assert.equal([...a.childrenSeenFinished], [...b.childrenSeenFinished], `seed ${seed}: reads recorded`);
    assert.equal([...bulkRing], [...singleRing], `seed ${seed}: list order`);
    stretches++;
    longest = Math.max(longest, n / keys.length);
  }
  assert.ok(stretches >= 10, `${stretches} stretches compared`);
  assert.ok(longest > 1, `a stretch went round the list (${longest.toFixed(2)} turns)`);
});

test.run();
