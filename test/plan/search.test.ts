/**
 * The search's probe order: a neighbour group's answer (one other setting differs) gives the first
 * probes, scaled by the node speeds; a neighbour with no count meeting the deadline sends a group with
 * no faster nodes straight to its largest count; the nearest speed wins among neighbours.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPlan } from '../../sim/plan/load.ts';
import { groupsOf, hintedProbes, nodeSpeed, type GroupAnswer } from '../../sim/plan/search.ts';

const plan = readPlan('scenarios/plans/small.plan.yaml');
const gs = groupsOf(plan, plan.candidates); // max 1..6 per (preemptible, zones)
const [g] = gs; // preemptible true, zones 1
const speed = nodeSpeed(g!);
const answer = (settings: Record<string, unknown>, count: number | null, s = speed): GroupAnswer => ({ settings, count, speed: s });

test('no searched neighbour: no hint', () => {
  assert.equal(hintedProbes(g!, [], speed), []);
  // two settings differ: not a neighbour
  assert.equal(hintedProbes(g!, [answer({ 'cluster.pools.gpu.preemptible': false, 'cluster.zones': 2 }, 3)], speed), []);
});

test("a neighbour's count and the one below; scaled by the node speeds", () => {
  const n = { 'cluster.pools.gpu.preemptible': false, 'cluster.zones': 1 };
  assert.equal(hintedProbes(g!, [answer(n, 4)], speed), [2, 3]); // counts 3 and 4
  assert.equal(hintedProbes(g!, [answer(n, 4, speed / 2)], speed), [0, 1]); // twice as fast: 2 nodes, and 1
  assert.equal(hintedProbes(g!, [answer(n, 1)], speed), [0]);
  assert.equal(hintedProbes(g!, [answer(n, 6, speed * 2)], speed), [5]); // 12 predicted: beyond the group, its largest count
});

test('a neighbour where nothing met the deadline: the largest count, unless this group is faster', () => {
  const n = { 'cluster.pools.gpu.preemptible': false, 'cluster.zones': 1 };
  assert.equal(hintedProbes(g!, [answer(n, null)], speed), [5]);
  assert.equal(hintedProbes(g!, [answer(n, null, speed / 2)], speed), []);
});

test('among neighbours, the nearest node speed', () => {
  const far = answer({ 'cluster.pools.gpu.preemptible': false, 'cluster.zones': 1 }, 1, speed * 3);
  const same = answer({ 'cluster.pools.gpu.preemptible': true, 'cluster.zones': 2 }, 5);
  assert.equal(hintedProbes(g!, [far, same], speed), [3, 4]);
});

test.run();
