"""The real Python patio client in a closed loop: IN_FLIGHT calls of mul(6, 7) kept in
flight against a server on 127.0.0.1:PORT (pickle, empty key), WARMUP seconds of warm-up
then WINDOW seconds measured. Prints one JSON line: calls per second and latency
percentiles in microseconds.

usage: bench_client.py PORT IN_FLIGHT WARMUP WINDOW
"""
import asyncio
import json
import sys
import time

from patio import Registry
from patio.broker.tcp import TCPClientBroker
from patio.executor import NullExecutor


async def main():
    port, in_flight = int(sys.argv[1]), int(sys.argv[2])
    warmup, window = float(sys.argv[3]), float(sys.argv[4])
    rpc = Registry(project="bench", auto_naming=False)
    async with NullExecutor(rpc) as executor:
        async with TCPClientBroker(executor) as broker:
            await asyncio.wait_for(broker.connect("127.0.0.1", port), 30)
            measured_from = time.perf_counter() + warmup
            until = measured_from + window
            latencies = []

            async def loop():
                while True:
                    started = time.perf_counter()
                    if started >= until:
                        return
                    result = await broker.call("mul", 6, 7)
                    if result != 42:
                        raise RuntimeError(f"mul(6, 7) answered {result!r}")
                    done = time.perf_counter()
                    if measured_from <= done < until:
                        latencies.append(done - started)

            await asyncio.gather(*[loop() for _ in range(in_flight)])
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1e6

    print(json.dumps({
        "calls_per_second": len(latencies) / window,
        "p50": percentile(50), "p99": percentile(99), "p999": percentile(99.9),
    }), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
