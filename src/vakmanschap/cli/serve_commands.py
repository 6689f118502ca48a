"""``serve``: the service over HTTP (docs/service.md); needs the ``server`` extra."""

from __future__ import annotations

import argparse
from typing import Any

from vakmanschap.errors import DataError, VakmanschapError


def register(sub: Any) -> None:
    """Add ``serve`` to the command line."""
    p = sub.add_parser(
        "serve", help="answer checks, explanations and timelines over HTTP (JSON, OpenAPI)",
        description="Serve the /v1 endpoints (docs/service.md) for the rule sets given by "
                    "--rules (default: every shipped one) until interrupted. Binds to "
                    "127.0.0.1 unless --host says otherwise. Needs the server extra: pip "
                    "install 'vakmanschap[server]'.")
    p.add_argument("--rules", nargs="+", action="extend", metavar="NAME|PATH",
                   help="built-in names or rule-file paths (a path is served under its file "
                        "name without .yaml); repeatable")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--max-body-bytes", type=int, default=10_000_000,
                   help="largest request body (default 10000000; 413 above it)")
    p.add_argument("--max-professionals", type=int, default=1_000,
                   help="most professionals per request (default 1000; 422 above it)")
    p.add_argument("--max-activities", type=int, default=5_000,
                   help="most activities per professional (default 5000; 422 above it)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds one request may take (default 10; 503 with Retry-After)")
    p.add_argument("--log-level", default="warning",
                   choices=("critical", "error", "warning", "info", "debug"),
                   help="least severe server log messages shown (default warning)")
    p.set_defaults(run=run_serve)


class ServerMissing(VakmanschapError, ImportError):
    """The ``server`` extra is not installed."""


def run_serve(args: argparse.Namespace) -> int:
    try:
        from vakmanschap.server import Limits, serve
    except ImportError as exc:
        raise ServerMissing(f"serve needs the server extra ({exc.name} is missing): pip "
                            "install 'vakmanschap[server]'") from None
    try:
        limits = Limits(max_body_bytes=args.max_body_bytes,
                        max_professionals=args.max_professionals,
                        max_activities=args.max_activities, timeout_s=args.timeout)
    except ValueError as exc:
        raise DataError(str(exc), record="serve options") from None
    if args.workers < 1:
        raise DataError(f"must be at least 1, got {args.workers}", record="serve options",
                        field="workers")
    serve(args.rules, host=args.host, port=args.port, workers=args.workers, limits=limits,
          log_level=args.log_level)
    return 0
