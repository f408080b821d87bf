import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { ZIP_STATUS } from '../../../sim/model/consumers/zipConsumer.ts';
import type { ParentChecks } from '../../../sim/model/redis/zipRotation.ts';
import { KeyRing } from '../../../sim/model/redis/keyRing.ts';
import { WaitingParents } from '../../../sim/model/redis/waitingParents.ts';
import type { ZipState } from '../../../sim/model/state.ts';

const ZIPS = 40;
const OP = 0.0013;
const GAP = 0.5013;

/** Zip sizes: the paper's kind, and zips past what the scan's word holds (16,383 unseen: it reads the arrays then). */
const SIZES = [
  { per: 7, images: ZIPS * 7 - 3 }, // the last zip is short
  { per: 40_000, images: ZIPS * 40_000 - 9_000 },
];

/** Zips in every state: new, done, waiting with children running (Infinity), waiting with all finished at some time (the short last zip too). */
function zipState(seed: number, per: number, images: number): ZipState {
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
    const size = Math.min(per, images - zip * per);
    // as kiosk.ts imageFinished keeps them: the finish time is set once the count reaches the size;
    // counts near the size too (many unseen and few running: the scan's word saturated for one, not the other)
    const near = u() < 0.3;
    z.childrenFinished[zip] = u() < 0.08 ? size : near ? size - 1 - Math.floor(u() * 3) : Math.floor(u() * size);
    if (z.childrenFinished[zip] === size) z.allChildrenFinishedAt[zip] = u() * 100;
    z.childrenSeenFinished[zip] = near && u() < 0.5 ? z.childrenFinished[zip]! : Math.floor(u() * (z.childrenFinished[zip]! + 1));
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
  for (const { per, images } of SIZES) {
    const a = zipState(1, per, images);
    const b = zipState(1, per, images);
    const ours = new WaitingParents(a, OP, per, images);
    const theirs = parentChecks(b, OP, per, images);
    for (let round = 0; round < 2; round++)
      for (let zip = 0; zip < ZIPS; zip++) {
        assert.is(ours.workFrom(zip), theirs.workFrom(zip), `workFrom(${zip})`);
        assert.ok(Object.is(ours.readSeconds(zip), theirs.readSeconds(zip)), `readSeconds(${zip})`);
      }
    assert.equal([...a.childrenSeenFinished], [...b.childrenSeenFinished]);
  }
});

/**
 * Between stretches, what the run changes: a zip becomes waiting or done (setStatus), a child finishes
 * (childFinished); the same on the reference's arrays, as kiosk.ts and the zip consumer did before.
 */
function change(u: () => number, ours: WaitingParents, b: ZipState, per: number, images: number): void {
  for (let k = 0; k < 4; k++) {
    const zip = Math.floor(u() * ZIPS);
    const size = Math.min(per, images - zip * per);
    const t = 100 + u() * 10;
    if (u() < 0.2) {
      const status = u() < 0.5 ? ZIP_STATUS.waiting : ZIP_STATUS.done;
      ours.setStatus(zip, status);
      b.status[zip] = status;
    } else if (b.childrenFinished[zip]! < size) {
      ours.childFinished(zip, t);
      if (++b.childrenFinished[zip]! >= size) b.allChildrenFinishedAt[zip] = t;
    }
  }
}

test('cycleWaiting makes the pops one cycle at a time would: same count, budget bits and reads, past the list length, after changes', () => {
  for (const { per, images } of SIZES) {
    let stretches = 0;
    let longest = 0;
    let saturated = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const u = aleaFor(seed, 'lists');
      const keys = Array.from({ length: 1 + Math.floor(u() * 25) }, () => Math.floor(u() * ZIPS));
      const a = zipState(seed, per, images);
      const b = zipState(seed, per, images);
      const bulk = new WaitingParents(a, OP, per, images);
      const single = parentChecks(b, OP, per, images);
      const bulkRing = ringOf(keys);
      const singleRing = ringOf(keys);
      for (let round = 0; round < 6; round++) {
        if (round > 0) change(u, bulk, b, per, images);
        assert.equal([...a.childrenFinished], [...b.childrenFinished], `seed ${seed}: counts kept`);
        assert.equal([...a.allChildrenFinishedAt], [...b.allChildrenFinishedAt], `seed ${seed}: finish times kept`);
        assert.equal([...a.status], [...b.status], `seed ${seed}: statuses kept`);
        if (single.workFrom(singleRing.peekFront()!) !== Infinity) {
          // cycleWaiting starts at a waiting parent: the front one goes elsewhere
          singleRing.cycle();
          bulkRing.cycle();
          continue;
        }
        const budget0 = u() * 40;
        // the reference: one pop at a time, as BulkZipRotation's loop did, on the arrays
        let budget = budget0;
        let n = 0;
        do {
          const key = singleRing.peekFront()!;
          if (Math.min(per, images - key * per) - b.childrenSeenFinished[key]! >= 0x3fff) saturated++;
          budget -= single.readSeconds(key) + GAP;
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
    }
    assert.ok(stretches >= 30, `zips of ${per}: ${stretches} stretches compared`);
    assert.ok(longest > 1, `zips of ${per}: a stretch went round the list (${longest.toFixed(2)} turns)`);
    if (per > 0x3fff) assert.ok(saturated > 10, `zips of ${per}: ${saturated} pops read past the word`);
  }
});

test.run();
