"""Python's own process pool, the python-process-pool row: IN_FLIGHT calls of mul(6, 7)
kept in flight on concurrent.futures.ProcessPoolExecutor(WORKERS), awaited through
asyncio (bench_loop's closed loop), WARMUP seconds of warm-up then WINDOW seconds
measured. Prints one JSON line: calls per second and latency percentiles in
microseconds. The pool's workers are started before the warm-up.

usage: bench_process_pool.py WORKERS IN_FLIGHT WARMUP WINDOW
"""
import asyncio
import sys
from concurrent.futures import ProcessPoolExecutor, wait

from bench_loop import closed_loop, print_row


def mul(a, b):
    return a * b


async def main(workers, in_flight, warmup, window):
    with ProcessPoolExecutor(workers) as pool:
        # every worker up (the pool starts them on demand) before the clock starts
        wait([pool.submit(mul, 6, 7) for _ in range(4 * workers)])
        latencies = await closed_loop(lambda: asyncio.wrap_future(pool.submit(mul, 6, 7)), 42, in_flight,
                                      warmup, window)
    print_row(latencies, window)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])))
