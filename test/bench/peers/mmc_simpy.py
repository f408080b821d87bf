#!/usr/bin/env python3
"""M/M/c (c = 4, rho = 0.8) in SimPy 3: the peer of test/bench/mmc.bench.ts, same model, same JSON line.

Usage: /usr/bin/python3 test/bench/peers/mmc_simpy.py [customers]   (default 10^6)
Needs Debian's python3-simpy3 (apt-get install python3-simpy3), installed for /usr/bin/python3.
"""
import json
import random
import resource
import sys
import time

import simpy

C = 4  # servers
MU = 1.0  # service rate per server (1/s): mean service time 1 s
RHO = 0.8  # utilisation; arrival rate = rho * c * mu
LAM = RHO * C * MU


def main():
    customers = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(1)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)
    served = [0, 0.0]  # count, total wait

    def customer():
        arrived = env.now
        with servers.request() as req:
            yield req
            served[1] += env.now - arrived
            yield env.timeout(rng.expovariate(MU))
        served[0] += 1

    def source():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(LAM))
            env.process(customer())

    env.process(source())
    t0 = time.perf_counter()
    c0 = time.process_time()
    env.run()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    events = next(env._eid)  # events scheduled over the run (SimPy's insertion counter)
    print(json.dumps({
        "name": "mmc-simpy3",
        "customers": served[0],
        "events": events,
        "wall_s": round(wall, 3),
        "customers_per_s": round(served[0] / wall),
        "events_per_s": round(events / wall),
        "cpu_s": round(cpu, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "mean_wait_s": served[1] / served[0],
    }))


if __name__ == "__main__":
    main()
