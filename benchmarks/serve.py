"""The service on loopback: p50 and p99 latency and requests per second of a one-person SRPO
check (``POST /v1/check``, 25 activities) with 1 and 2 uvicorn workers, next to in-process
``assess`` + ``to_dict`` of the same person.

Run: .venv/bin/python benchmarks/serve.py [--requests 6000] [--concurrency 8] [--rate 1000]

Prints figures; it is not a test. For each worker count it starts ``vakmanschap serve`` as a
subprocess on a free port, then (1) sends --requests checks over --concurrency keep-alive
connections as fast as they are answered (throughput, with its latencies), and (2) sends them
paced at --rate per second (latency at that rate, measured from the scheduled send time so a
stall is counted). The client is a minimal HTTP/1.1 client on asyncio streams, so that it
costs little of the machine it shares with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import vakmanschap as vk

sys.path.insert(0, str(Path(__file__).parent))
from assess import professional_for

from vakmanschap.strategies.people import to_person_dict

ON = date(2026, 11, 30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request_bytes(port: int) -> bytes:
    rules = vk.builtin_rules("srpo")
    body = json.dumps({"rules": "srpo", "on": ON.isoformat(),
                       "professional": to_person_dict(professional_for(rules, ON))}).encode()
    head = (f"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
            f"application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   payload: bytes) -> None:
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode(errors="replace"))
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    await reader.readexactly(length)


async def run_load(port: int, count: int, concurrency: int, rate: float | None,
                   ) -> tuple[list[float], float]:
    payload = request_bytes(port)
    connections = [await asyncio.open_connection("127.0.0.1", port)
                   for _ in range(concurrency)]
    latencies: list[float] = []
    counter = iter(range(count))
    begin = time.perf_counter()

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for index in counter:
            due = begin + index / rate if rate else time.perf_counter()
            if rate:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await exchange(reader, writer, payload)
            latencies.append(time.perf_counter() - due)

    await asyncio.gather(*(worker(r, w) for r, w in connections))
    elapsed = time.perf_counter() - begin
    for _, writer in connections:
        writer.close()
    return latencies, elapsed


def start(workers: int, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "import sys; from vakmanschap.cli import main; "
               "sys.exit(main())", "serve", "--rules", "srpo", "--port", str(port),
               "--workers", str(workers)]
    process = subprocess.Popen(command, env=os.environ.copy())
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                time.sleep(1.0 if workers > 1 else 0.2)  # let every worker come up
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not start")


def in_process(number: int) -> float:
    rules = vk.builtin_rules("srpo")
    data = to_person_dict(professional_for(rules, ON))
    begin = time.perf_counter()
    for _ in range(number):
        json.dumps(rules.assess(vk.Professional.from_dict(data), ON).to_dict())
    return (time.perf_counter() - begin) / number


def line(label: str, latencies: list[float], elapsed: float) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (f"{label:<34} {statistics.median(ms):8.2f} {p99:8.2f} "
            f"{len(ms) / elapsed:10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=1000)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; one-person SRPO check, 25 activities; "
          f"{args.requests} requests, {args.concurrency} connections")
    print(f"{'':<34} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>10}")
    per = in_process(2000)
    print(f"{'in-process from_dict+assess+json':<34} {per * 1000:8.3f} {'':>8} "
          f"{1 / per:10.0f}")
    for workers in (1, 2):
        port = free_port()
        process = start(workers, port)
        try:
            asyncio.run(run_load(port, 500, args.concurrency, None))  # warm up
            lat, elapsed = asyncio.run(run_load(port, args.requests, args.concurrency, None))
            print(line(f"serve, {workers} worker(s), flat out", lat, elapsed))
            lat, elapsed = asyncio.run(run_load(port, args.requests, args.concurrency,
                                                args.rate))
            print(line(f"serve, {workers} worker(s), {args.rate:g}/s", lat, elapsed))
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
