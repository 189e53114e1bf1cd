"""A Python patio server for the interoperability tests: listens on 127.0.0.1 on a free
port with the pickle serializer, prints {"port": N}, and serves until stdin closes.

usage: interop_server.py KEY
"""
import asyncio
import datetime
import decimal
import json
import sys
from dataclasses import dataclass
from functools import reduce

from patio import Registry
from patio.broker.tcp import TCPServerBroker
from patio.executor import ThreadPoolExecutor


@dataclass
class Point:
    x: int
    y: int


class PaymentDeclined(Exception):
    pass


def mul(*args):
    return reduce(lambda x, y: x * y, args)


def kinds():
    return {
        "none": None, "t": True, "f": 1.5, "s": "h\u00e9llo", "b": b"\x00\x01", "ba": bytearray(b"\x02"),
        "l": [1, "a"], "tup": (1, 2), "big": 2 ** 70, "set": {1}, "fs": frozenset({2}),
        "dt": datetime.datetime(2026, 11, 29, 12, 0),
        "adt": datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc),
        "d": datetime.date(2026, 11, 29), "tm": datetime.time(8, 30), "td": datetime.timedelta(seconds=90),
        "dec": decimal.Decimal("1.10"),
    }


def point():
    return Point(1, 2)


def boom():
    raise ValueError("boom")


def declined():
    raise PaymentDeclined("card 42")


def too_slow():
    raise TimeoutError("too slow")


def echo(value):
    return value


def weird():
    return complex(1, 2)


async def main():
    key = sys.argv[1].encode()
    rpc = Registry(project="interop", auto_naming=False)
    for func in (mul, kinds, point, boom, declined, too_slow, echo, weird):
        rpc.register(func, func.__name__)
    async with ThreadPoolExecutor(rpc, max_workers=8) as executor:
        async with TCPServerBroker(executor, key=key) as broker:
            await broker.listen(address="127.0.0.1", port=0)
            port = next(iter(broker.servers)).sockets[0].getsockname()[1]
            print(json.dumps({"port": port}), flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
