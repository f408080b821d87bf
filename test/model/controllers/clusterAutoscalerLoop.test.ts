import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodesSeen } from '../../../sim/model/controllers/clusterAutoscalerLoop.ts';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import type { NodePoolConfig } from '../../../sim/model/config.ts';

// the loop keeps its node views and scale-down simulation while NodesSeen says nothing changed:
// every field a view shows that can change must count as a change
const pool = { preemptible: true, machine: { cpu: 2, memoryBytes: 7.5 * 2 ** 30, gpus: 0 } } as unknown as NodePoolConfig;

function cluster() {
  const list = new NodeList();
  for (let i = 0; i < 3; i++) list.create('consumer', pool).state = 'running';
  const seen = new NodesSeen();
  assert.is(seen.unchanged(list.nodes), false, 'the first look is a change');
  assert.is(seen.unchanged(list.nodes), true, 'nothing happened');
  return { list, seen };
}

test('NodesSeen: the same nodes with the same states, pods and requests are unchanged', () => {
  const { list, seen } = cluster();
  assert.is(seen.unchanged([...list.nodes]), true, 'a copy of the list');
});

const changes: [string, (list: NodeList) => void][] = [
  ['a node added', (l) => void l.create('gpu', pool)],
  ['a node removed', (l) => l.remove(l.nodes[1]!)],
  ['a state', (l) => void (l.nodes[2]!.state = 'draining')],
  ['a bind or unbind (podsVersion)', (l) => void l.nodes[0]!.podsVersion++],
  ['a request time', (l) => void (l.nodes[1]!.requestedAt = 30)],
];
for (const [what, change] of changes) {
  test(`NodesSeen: ${what} is a change, seen once`, () => {
    const { list, seen } = cluster();
    change(list);
    assert.is(seen.unchanged(list.nodes), false);
    assert.is(seen.unchanged(list.nodes), true);
  });
}

test('NodesSeen: a node replaced by another at the same place is a change', () => {
  const { list, seen } = cluster();
  list.remove(list.nodes[2]!);
  list.create('consumer', pool).state = 'running';
  assert.is(seen.unchanged(list.nodes), false);
});

test.run();
