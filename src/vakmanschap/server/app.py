"""The ASGI application: the /v1 routes on Starlette, with the limits enforced.

A request is read up to the body limit, parsed, checked (:mod:`vakmanschap.server.body`) and
evaluated (:mod:`vakmanschap.server.evaluate`). A small body is answered on the event loop
(a one-person check takes well under a millisecond); a larger one in a worker thread with a
deadline, so that a long request neither stalls the short ones nor runs past its time.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request as HttpRequest
from starlette.responses import Response
from starlette.routing import Route

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.server import schemas
from vakmanschap.server.body import BadRequest, Endpoint, parse_json, read_request
from vakmanschap.server.catalogue import describe, load_catalogue, summary
from vakmanschap.server.evaluate import Overtime, check_json, explain_text, timeline_json
from vakmanschap.server.limits import Limits
from vakmanschap.server.spec import openapi

__all__ = ["create_app"]

log = logging.getLogger("vakmanschap.server")

#: Bodies up to this size are answered on the event loop; larger ones in a worker thread.
INLINE_BYTES = 16_384


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _json(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None,
          ) -> Response:
    return Response(_dumps(payload), status, headers, media_type="application/json")


def _refusal(exc: BadRequest, limits: Limits) -> Response:
    headers = {"Retry-After": str(limits.retry_after_s)} if exc.status == 503 else None
    return _json(exc.to_dict(), exc.status, headers)


async def _read_body(request: HttpRequest, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the body of {declared} bytes is larger than the limit of "
                              f"{limit} bytes", error="InputLimitError")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, f"the body is larger than the limit of {limit} bytes",
                             error="InputLimitError")
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(raw: bytes, endpoint: Endpoint, catalogue: Mapping[str, RuleSet], limits: Limits,
            compute: Callable[[Any, float], Any], text: bool, deadline: float) -> str:
    """The response body: parsed, checked, computed and serialised off the event loop."""
    request = read_request(parse_json(raw), endpoint, catalogue, limits)
    result = compute(request, deadline)
    if time.monotonic() > deadline:
        raise Overtime
    return str(result) if text else _dumps(result)


class _Service:
    """The routes of one application, over its catalogue and limits."""

    def __init__(self, catalogue: Mapping[str, RuleSet], limits: Limits) -> None:
        self.catalogue = catalogue
        self.limits = limits
        names = list(catalogue)
        self.spec = openapi(names, limits)
        self.rules_list = [summary(name, rules) for name, rules in catalogue.items()]
        self.details = {name: describe(name, rules) for name, rules in catalogue.items()}
        self.body_schemas = {name: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"POST /v1/check body for {name}",
            **schemas.check_request([name], schemas.professional(
                rules, max_activities=limits.max_activities),
                max_professionals=limits.max_professionals)}
            for name, rules in catalogue.items()}

    async def _post(self, endpoint: Endpoint, compute: Callable[[Any, float], Any],
                    text: bool, request: HttpRequest) -> Response:
        limits = self.limits
        try:
            raw = await _read_body(request, limits.max_body_bytes)
            deadline = time.monotonic() + limits.timeout_s
            work = partial(_answer, raw, endpoint, self.catalogue, limits, compute, text,
                           deadline)
            if len(raw) <= INLINE_BYTES:
                result = work()
            else:
                with anyio.fail_after(limits.timeout_s):
                    result = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except BadRequest as exc:
            return _refusal(exc, limits)
        except (Overtime, TimeoutError):
            return _refusal(BadRequest(503, f"the request took longer than the limit of "
                                            f"{limits.timeout_s:g} s; send fewer professionals "
                                            "per request, or try again later",
                                       error="Overtime"), limits)
        media = "text/plain; charset=utf-8" if text else "application/json"
        return Response(result, media_type=media)

    async def check(self, request: HttpRequest) -> Response:
        return await self._post("check", check_json, False, request)

    async def explain(self, request: HttpRequest) -> Response:
        return await self._post("explain", explain_text, True, request)

    async def timeline(self, request: HttpRequest) -> Response:
        return await self._post("timeline", timeline_json, False, request)

    def _named(self, request: HttpRequest, table: Mapping[str, Any]) -> Response:
        name = request.path_params["name"]
        if name not in table:
            return _json(BadRequest(404, f"no rule set {name!r} on this server; served: "
                                         f"{', '.join(self.catalogue)}", "name",
                                    "RuleError").to_dict(), 404)
        return _json(table[name])

    async def rules(self, request: HttpRequest) -> Response:
        return _json(self.rules_list)

    async def rule(self, request: HttpRequest) -> Response:
        return self._named(request, self.details)

    async def rule_schema(self, request: HttpRequest) -> Response:
        return self._named(request, self.body_schemas)

    async def openapi(self, request: HttpRequest) -> Response:
        return _json(self.spec)

    async def health(self, request: HttpRequest) -> Response:
        return _json({"status": "ok"})


async def _http_error(request: HttpRequest, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _json({"error": "HTTPError", "message": str(exc.detail),
                  "location": request.url.path}, exc.status_code, exc.headers)


async def _internal(request: HttpRequest, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return _json({"error": "InternalError", "message": "internal error; please report it",
                  "location": request.url.path}, 500)


def create_app(rules: Sequence[str] | Mapping[str, RuleSet] | None = None, *,
               limits: Limits | None = None) -> Starlette:
    """The service as an ASGI application, e.g. to mount in an existing one.

    ``rules``: the rule sets it answers for, as a mapping of name to :class:`RuleSet`, or
    built-in names and rule-file paths (a path is served under its file stem); None serves
    every shipped rule set. ``limits``: see :class:`~vakmanschap.server.limits.Limits`.
    """
    service = _Service(load_catalogue(rules), limits or Limits())
    routes = [
        Route("/v1/check", service.check, methods=["POST"]),
        Route("/v1/explain", service.explain, methods=["POST"]),
        Route("/v1/timeline", service.timeline, methods=["POST"]),
        Route("/v1/rules", service.rules, methods=["GET"]),
        Route("/v1/rules/{name}", service.rule, methods=["GET"]),
        Route("/v1/rules/{name}/schema", service.rule_schema, methods=["GET"]),
        Route("/v1/openapi.json", service.openapi, methods=["GET"]),
        Route("/health", service.health, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={
        HTTPException: _http_error, Exception: _internal})
