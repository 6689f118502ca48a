"""The OpenAPI 3.1 description of the service (``GET /v1/openapi.json``), built from the
library's shapes (:mod:`vakmanschap.server.schemas`), the rule sets served and the limits."""

from __future__ import annotations

from typing import Any

from vakmanschap.server import schemas
from vakmanschap.server.limits import Limits

__all__ = ["API_VERSION", "openapi"]

API_VERSION = "1.0.0"
_REF = "#/components/schemas/"


def _json(ref: str | dict[str, Any]) -> dict[str, Any]:
    schema = {"$ref": _REF + ref} if isinstance(ref, str) else ref
    return {"application/json": {"schema": schema}}


def _refusals(*codes: int) -> dict[str, Any]:
    words = {400: "the body is not JSON", 404: "no such rule set",
             413: "the body is larger than the limit",
             422: "the request is refused; `location` says where in the body",
             503: "the request took longer than the limit; try again later"}
    out: dict[str, Any] = {}
    for code in codes:
        out[str(code)] = {"description": words[code], "content": _json("Error")}
        if code == 503:
            out[str(code)]["headers"] = {"Retry-After": {
                "description": "seconds to wait", "schema": {"type": "string"}}}
    return out


def _post(summary: str, body: str, ok: dict[str, Any]) -> dict[str, Any]:
    return {"post": {"summary": summary, "requestBody": {"required": True,
                                                          "content": _json(body)},
                     "responses": {"200": ok, **_refusals(400, 413, 422, 503)}}}


def _get(summary: str, ok: dict[str, Any], *, named: bool = False) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "responses": {"200": ok}}
    if named:
        operation["parameters"] = [{"name": "name", "in": "path", "required": True,
                                    "schema": {"type": "string"}}]
        operation["responses"].update(_refusals(404))
    return {"get": operation}


def openapi(names: list[str], limits: Limits) -> dict[str, Any]:
    """The OpenAPI document of a server serving the rule sets ``names`` under ``limits``."""
    person = schemas.professional(max_activities=limits.max_activities)
    one_or_many = {"oneOf": [{"$ref": _REF + "Assessment"},
                             {"type": "array", "items": {"$ref": _REF + "Assessment"}}]}
    timelines = {"oneOf": [{"$ref": _REF + "Timeline"},
                           {"type": "array", "items": {"$ref": _REF + "Timeline"}}]}
    any_object = {"type": "object"}
    paths = {
        "/v1/check": _post(
            "Assess professionals on a date: the JSON of `vakmanschap check --format json` "
            "(one object for `professional`, a list for `professionals`)", "CheckRequest",
            {"description": "the assessments", "content": _json(one_or_many)}),
        "/v1/explain": _post(
            "The explanation in words (Dutch or English), as `vakmanschap check` prints it",
            "ExplainRequest", {"description": "the explanations", "content": {
                "text/plain": {"schema": {"type": "string"}}}}),
        "/v1/timeline": _post(
            "The status timeline: the JSON of `vakmanschap timeline --format json`",
            "TimelineRequest", {"description": "the timelines", "content": _json(timelines)}),
        "/v1/rules": _get("The rule sets this server answers for", {
            "description": "rule sets", "content": _json({"type": "array",
                                                          "items": any_object})}),
        "/v1/rules/{name}": _get("A rule set: its versions and the parameters `changes` may "
                                 "set", {"description": "the rule set",
                                         "content": _json(any_object)}, named=True),
        "/v1/rules/{name}/schema": _get(
            "The JSON Schema of a `/v1/check` body for this rule set (its categories, themes, "
            "levels and kinds as enumerations)", {"description": "a JSON Schema",
                                                  "content": _json(any_object)}, named=True),
        "/v1/openapi.json": _get("This document", {"description": "OpenAPI 3.1",
                                                   "content": _json(any_object)}),
        "/health": _get("Whether the server is up", {"description": "up", "content": _json({
            "type": "object", "required": ["status"],
            "properties": {"status": {"type": "string"}}})}),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "vakmanschap", "version": API_VERSION, "description": (
            "Whether Dutch professionals meet a register's registration, CPD and "
            "re-registration rules, and why (docs/service.md). Limits: "
            f"{limits.max_body_bytes} bytes per body, {limits.max_professionals} "
            f"professionals per request, {limits.max_activities} activities per "
            f"professional, {limits.timeout_s:g} s per request.")},
        "paths": paths,
        "components": {"schemas": {
            "Professional": person,
            "CheckRequest": schemas.check_request(names, {"$ref": _REF + "Professional"},
                                                  max_professionals=limits.max_professionals),
            "ExplainRequest": schemas.check_request(
                names, {"$ref": _REF + "Professional"}, lang=True,
                max_professionals=limits.max_professionals),
            "TimelineRequest": schemas.timeline_request(
                names, {"$ref": _REF + "Professional"},
                max_professionals=limits.max_professionals),
            "Assessment": schemas.assessment(),
            "Timeline": schemas.timeline(),
            "Error": schemas.error(),
        }},
    }
