"""How many Bot API calls per second the local fake server answers on this machine.

The server runs in its own process (as in the load run, where the bot is another
process); this process fires sendMessage calls encoded exactly as python-telegram-bot
encodes them (form fields, reply_markup as JSON) over keep-alive HTTP/1.1 connections,
written with bare asyncio streams so the client costs little next to the server.
Besides wall-clock calls/s (which depends on what else the machine runs) it prints the
server process's CPU time per call and the calls/s one core would sustain at that cost.

    python bench/fakebotapi_throughput.py [--calls 20000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi  # noqa: E402

CHAT_ID = 4201
REPLY_MARKUP = json.dumps({"inline_keyboard": [[{"text": "是", "callback_data": "q:1:y"}, {"text": "否", "callback_data": "q:1:n"}]]})


def serve(pipe: Connection) -> None:
    """Child process: run the server between "start" and "stop"; report calls and CPU seconds."""

    async def run() -> None:
        async with FakeBotApi() as api:
            api.push_text(CHAT_ID, "你好")
            pipe.send(api.base_url)
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # "start"
            cpu_before = time.process_time()
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # "stop"
            pipe.send((len(api.calls_to("sendMessage")), time.process_time() - cpu_before))

    asyncio.run(run())


async def fire(base_url: str, calls: int, concurrency: int) -> tuple[float, list[float]]:
    """Send ``calls`` sendMessage requests over ``concurrency`` connections; return (seconds, latencies)."""
    address = urlsplit(base_url)
    path = f"{address.path}{DEFAULT_TOKEN}/sendMessage"
    latencies: list[float] = []
    remaining = iter(range(calls))

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        for number in remaining:
            form = {"chat_id": str(CHAT_ID), "text": f"<b>第{number}题</b> 请回答", "parse_mode": "HTML", "reply_markup": REPLY_MARKUP}
            body = urlencode(form).encode()
            head = (
                f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            started = time.perf_counter()
            writer.write(head + body)
            headers = await reader.readuntil(b"\r\n\r\n")
            length = int(headers.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            answer = json.loads(await reader.readexactly(length))
            latencies.append(time.perf_counter() - started)
            assert answer["ok"], answer
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child,), daemon=True)
    server.start()
    base_url = parent.recv()
    parent.send("start")
    seconds, latencies = asyncio.run(fire(base_url, args.calls, args.concurrency))
    parent.send("stop")
    logged, server_cpu = parent.recv()
    server.join(timeout=10)

    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000
    print(f"machine: {os.cpu_count()} cores; load average before/after: {load_before:.2f} / {os.getloadavg()[0]:.2f}")
    print(
        f"{'calls':>7} {'conc':>5} {'seconds':>8} {'calls/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'logged':>7} {'server CPU us/call':>18} {'calls/s per core':>16}"
    )
    print(
        f"{args.calls:>7} {args.concurrency:>5} {seconds:>8.2f} {args.calls / seconds:>8.0f} {p50:>7.2f} {p99:>7.2f} "
        f"{logged:>7} {server_cpu / args.calls * 1e6:>18.0f} {args.calls / server_cpu:>16.0f}"
    )


if __name__ == "__main__":
    main()
