"""A Python patio client for the interoperability tests: connects to a Java server
with the pickle serializer, runs one scenario and prints one JSON line per result.

usage: interop_client.py PORT KEY SCENARIO   (SCENARIO: calls, serve, wrong-key)
"""
import asyncio
import datetime
import decimal
import json
import sys

from patio import Registry
from patio.broker.tcp import TCPClientBroker
from patio.executor import ThreadPoolExecutor


def out(case, **fields):
    print(json.dumps({"case": case, **fields}), flush=True)


async def attempt(case, call):
    try:
        result = await call
        out(case, result=repr(result))
    except Exception as e:  # the Java side checks type and message
        out(case, error=type(e).__name__, message=str(e))


def kinds():
    return {
        "none": None, "t": True, "f": 1.5, "s": "h\u00e9llo", "b": b"\x00\x01",
        "l": [1, "a"], "big": 2 ** 70, "neg": -2 ** 40, "set": {1, 2},
        "dt": datetime.datetime(2026, 11, 29, 12, 0, 0, 123456),
        "adt": datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        "d": datetime.date(2026, 11, 29), "tm": datetime.time(23, 59, 1, 5),
        "td": datetime.timedelta(days=-1, seconds=5, microseconds=7),
        "dec": decimal.Decimal("1.10"), "nested": {"k": [{"deep": b""}]},
    }


async def main():
    port, key, scenario = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
    rpc = Registry(project="interop", auto_naming=False)

    def py_square(x):
        return x * x

    rpc.register(py_square, "py_square")
    async with ThreadPoolExecutor(rpc, max_workers=4) as executor:
        async with TCPClientBroker(executor, key=key) as broker:
            try:
                await asyncio.wait_for(broker.connect("127.0.0.1", port), 10)
            except asyncio.TimeoutError:
                out("connect", error="TimeoutError", message="not connected in 10 s")
                return
            out("connect", result="connected")
            if scenario == "calls":
                await attempt("positional", broker.call("mul", 2, 3, 4, timeout=30))
                await attempt("keyword", broker.call("power", 2, exponent=10, timeout=30))
                await attempt("record", broker.call("scale", {"x": 1, "y": 2}, 3, timeout=30))
                await attempt("stage", broker.call("later", 21, timeout=30))
                await attempt("throws", broker.call("boom", timeout=30))
                await attempt("value-error", broker.call("invalid", "nope", timeout=30))
                await attempt("bad-args", broker.call("power", "two", exponent=10, timeout=30))
                await attempt("too-many", broker.call("power", 1, 2, 3, timeout=30))
                sent = kinds()
                try:
                    back = await broker.call("echo", sent, timeout=30)
                    out("kinds", result=repr(back == sent), diff=repr({k: back.get(k) for k in sent if back.get(k) != sent[k]}))
                except Exception as e:
                    out("kinds", error=type(e).__name__, message=str(e))
                results = await asyncio.gather(*[broker.call("mul", i, 2, timeout=120) for i in range(1000)])
                out("in-flight", result=repr(results == [i * 2 for i in range(1000)]))
            elif scenario == "serve":
                out("ready")
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
