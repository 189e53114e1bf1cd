"""The real patio-rabbitmq in both roles, for the RabbitMQ rows.

usage: bench_rabbit.py worker AMQP_URL            serves mul-py (4 threads), prints READY,
                                                  until stdin closes
       bench_rabbit.py caller AMQP_URL IN_FLIGHT WARMUP WINDOW
                                                  keeps IN_FLIGHT calls of mul-py(6, 7) in
                                                  flight; prints one JSON line: calls per
                                                  second and latency percentiles in µs
"""
import asyncio
import sys

from patio import Registry
from patio.executor import NullExecutor, ThreadPoolExecutor
from patio_rabbitmq import RabbitMQBroker

from bench_loop import closed_loop, print_row

TASK = "mul-py"


def mul(a, b):
    return a * b


async def worker(url):
    rpc = Registry(project="bench", auto_naming=False)
    rpc.register(mul, TASK)
    async with ThreadPoolExecutor(rpc, max_workers=4) as executor:
        async with RabbitMQBroker(executor, amqp_url=url):
            print("READY", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


async def caller(url, in_flight, warmup, window):
    async with NullExecutor(Registry(project="bench")) as executor:
        async with RabbitMQBroker(executor, amqp_url=url) as broker:
            latencies = await closed_loop(lambda: broker.call(TASK, 6, 7, timeout=60), 42, in_flight, warmup,
                                          window)
    print_row(latencies, window)


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        asyncio.run(worker(sys.argv[2]))
    else:
        asyncio.run(caller(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])))
