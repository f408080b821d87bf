import type { RandomStream } from '../../engine/index.ts';
import type { ServingConfig } from '../config.ts';
import type { TfServingServer } from './tfServingPod.ts';

/** Picks the server for one new connection (the kiosk opens a gRPC channel per Predict call). */
export type PickServer = (endpoints: readonly TfServingServer[]) => TfServingServer | null;

/**
 * How a new connection to the tf-serving Service reaches a pod (see REFERENCE.md "Routing"):
 * - random: kube-proxy in iptables mode (the default, and GKE's): each connection matches one
 *   endpoint rule with equal probability;
 * - round-robin: kube-proxy in IPVS mode with its default `rr` scheduler: endpoints in turn;
 * - least-loaded: a gRPC-aware balancer that sees each server's queue (not the kiosk; a what-if).
 */
export function makeRouter(routing: ServingConfig['routing'], stream: RandomStream): PickServer {
  switch (routing) {
    case 'least-loaded':
      return (endpoints) => {
        if (endpoints.length === 0) return null;
        let best = endpoints[0]!;
        for (let i = 1; i < endpoints.length; i++) {
          const s = endpoints[i]!;
          if (s.state === 'ready' && (best.state !== 'ready' || s.queuedTasks < best.queuedTasks)) best = s;
        }
        return best;
      };
    case 'round-robin': {
      let turn = 0;
      return (endpoints) => {
        const n = endpoints.length;
        if (n === 0) return null;
        // the cursor survives endpoint changes, as IPVS's does (it keeps its place in the list)
        const s = endpoints[turn % n]!;
        turn = (turn + 1) % n;
        return s;
      };
    }
    case 'random':
      return (endpoints) => {
        const n = endpoints.length;
        if (n === 0) return null;
        // one draw per pick with more than one endpoint (the stream's order is part of determinism)
        return endpoints[n === 1 ? 0 : Math.floor(stream.next() * n)]!;
      };
  }
}
