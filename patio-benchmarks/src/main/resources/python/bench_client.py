"""The real Python patio client in a closed loop: IN_FLIGHT calls of mul(6, 7) kept in
flight against a server on 127.0.0.1:PORT (pickle, empty key), WARMUP seconds of warm-up
then WINDOW seconds measured. Prints one JSON line: calls per second and latency
percentiles in microseconds.

usage: bench_client.py PORT IN_FLIGHT WARMUP WINDOW
"""
import asyncio
import sys

from patio import Registry
from patio.broker.tcp import TCPClientBroker
from patio.executor import NullExecutor

from bench_loop import closed_loop, print_row


async def main():
    port, in_flight = int(sys.argv[1]), int(sys.argv[2])
    warmup, window = float(sys.argv[3]), float(sys.argv[4])
    rpc = Registry(project="bench", auto_naming=False)
    async with NullExecutor(rpc) as executor:
        async with TCPClientBroker(executor) as broker:
            await asyncio.wait_for(broker.connect("127.0.0.1", port), 30)
            latencies = await closed_loop(lambda: broker.call("mul", 6, 7), 42, in_flight, warmup, window)
    print_row(latencies, window)


if __name__ == "__main__":
    asyncio.run(main())
