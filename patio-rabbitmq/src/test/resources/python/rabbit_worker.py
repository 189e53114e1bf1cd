"""A Python patio-rabbitmq worker for the interoperability tests: serves its tasks on
RabbitMQ, prints {"case": "ready"} once its queues are consumed, and serves until stdin
closes.

usage: rabbit_worker.py AMQP_URL SUFFIX NAME MAX_WORKERS
(every task is registered as NAME + SUFFIX, so that runs on one node do not share queues)
"""
import asyncio
import datetime
import decimal
import json
import sys
import time
from functools import reduce

from patio import Registry
from patio.executor import ThreadPoolExecutor
from patio_rabbitmq import RabbitMQBroker


class PaymentDeclined(Exception):
    pass


def main_tasks(name):
    def mul(*args):
        return reduce(lambda x, y: x * y, args)

    def echo(text, numbers):
        return {"text": text, "numbers": numbers}

    def whoami():
        return name

    def boom(message):
        raise ValueError(message)

    def declined():
        raise PaymentDeclined("card 42")

    def too_slow():
        raise TimeoutError("too slow")

    def hold(seconds):
        time.sleep(seconds)
        return name

    def kinds():
        return {
            "none": None, "t": True, "f": 1.5, "s": "h\u00e9llo", "b": b"\x00\x01", "l": [1, "a"],
            "tup": (1, 2), "big": 2 ** 70, "set": {1}, "d": datetime.date(2026, 11, 29),
            "dec": decimal.Decimal("1.10"),
        }

    return (mul, echo, whoami, boom, declined, too_slow, hold, kinds)


async def main():
    url, suffix, name, max_workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rpc = Registry(project="interop", auto_naming=False)
    for func in main_tasks(name):
        rpc.register(func, func.__name__ + suffix)
    async with ThreadPoolExecutor(rpc, max_workers=max_workers) as executor:
        async with RabbitMQBroker(executor, amqp_url=url) as broker:
            print(json.dumps({"case": "ready"}), flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
