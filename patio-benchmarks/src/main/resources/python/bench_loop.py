"""The closed loop every Python row of the harness measures with: IN_FLIGHT coroutines
each calling again as soon as its call answers, WARMUP seconds of warm-up then WINDOW
seconds measured; the result is checked on every call. print_row prints the one JSON
line the harness parses: calls per second and latency percentiles in microseconds.
"""
import asyncio
import json
import time


async def closed_loop(call, expected, in_flight, warmup, window):
    """Keeps in_flight awaits of call() going; returns the sorted latencies (seconds)
    of the calls that ended inside the window."""
    measured_from = time.perf_counter() + warmup
    until = measured_from + window
    latencies = []

    async def loop():
        while True:
            started = time.perf_counter()
            if started >= until:
                return
            result = await call()
            if result != expected:
                raise RuntimeError(f"the call answered {result!r}, not {expected!r}")
            done = time.perf_counter()
            if measured_from <= done < until:
                latencies.append(done - started)

    await asyncio.gather(*[loop() for _ in range(in_flight)])
    latencies.sort()
    return latencies


def print_row(latencies, window):
    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1e6

    print(json.dumps({
        "calls_per_second": len(latencies) / window,
        "p50": percentile(50), "p99": percentile(99), "p999": percentile(99.9),
    }), flush=True)
