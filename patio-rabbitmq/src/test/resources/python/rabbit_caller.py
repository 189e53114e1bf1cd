"""A Python patio-rabbitmq caller for the interoperability tests: runs one scenario
against the workers on RabbitMQ and prints one JSON line per case.

usage: rabbit_caller.py AMQP_URL SUFFIX SCENARIO   (SCENARIO: calls, expiry, fleet)
In `expiry`, it waits for a line on stdin before the call that must expire.
"""
import asyncio
import json
import sys

from patio import Registry
from patio.executor import ThreadPoolExecutor
from patio_rabbitmq import RabbitMQBroker


def out(case, **fields):
    print(json.dumps({"case": case, **fields}, default=repr), flush=True)


async def attempt(case, call):
    try:
        result = await call
        out(case, result=repr(result), value=result)
    except Exception as e:  # the Java side checks type and message
        out(case, error=type(e).__name__, message=str(e))


async def main():
    url, suffix, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    async with ThreadPoolExecutor(Registry(project="interop"), max_workers=1) as executor:
        async with RabbitMQBroker(executor, amqp_url=url) as broker:
            if scenario == "calls":
                await attempt("positional", broker.call("mul" + suffix, 6, 7, timeout=60))
                await attempt("keyword", broker.call("echo" + suffix, "hi", numbers=[1, 2, 3], timeout=60))
                await attempt("no-timeout", broker.call("mul" + suffix, 2, 3))
                await attempt("throws", broker.call("boom" + suffix, "bad input", timeout=60))
                await attempt("bad-args", broker.call("mul" + suffix, "six", timeout=60))
                await attempt("missing-args", broker.call("echo" + suffix, timeout=60))
                await attempt("unknown", broker.call("nope" + suffix, timeout=60))
                await attempt("whoami", broker.call("whoami" + suffix, timeout=60))
            elif scenario == "expiry":
                slow = asyncio.ensure_future(broker.call("slow" + suffix))
                out("slow-sent")
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
                await attempt("expired", broker.call("mul" + suffix, 2, 3, timeout=1))
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
                await attempt("slow", slow)
            elif scenario == "fleet":
                names = [await broker.call("whoami" + suffix, timeout=60) for _ in range(20)]
                out("fleet", result=repr(names), value=names)
            else:
                out("usage", error="ValueError", message="unknown scenario " + scenario)


if __name__ == "__main__":
    asyncio.run(main())
