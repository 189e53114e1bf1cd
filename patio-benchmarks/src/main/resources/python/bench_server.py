"""The real Python patio server for the benchmarks: mul on a thread pool of 4 workers,
pickle, empty key, on 127.0.0.1 and a free port, which it prints as "PORT <n>"; it
serves until its standard input closes.
"""
import asyncio
import sys

from patio import Registry
from patio.broker.tcp import TCPServerBroker
from patio.executor import ThreadPoolExecutor


def mul(a, b):
    return a * b


async def main():
    rpc = Registry(project="bench", auto_naming=False)
    rpc.register(mul, "mul")
    async with ThreadPoolExecutor(rpc, max_workers=4) as executor:
        async with TCPServerBroker(executor) as broker:
            await broker.listen(address="127.0.0.1", port=0)
            port = next(iter(broker.servers)).sockets[0].getsockname()[1]
            print(f"PORT {port}", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
