"""The service under a bounded load (vakmanschap.server.evaluate through the real server): a
fixed count of concurrent requests on loopback, every answer equal to in-process ``assess``."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import httpx

import vakmanschap as vk
from server_helpers import busy_person, running, srpo_people
from vakmanschap.server import create_app

NAMES = ("srpo", "rijksambtenaar", "big")
REQUESTS = 240
CONCURRENCY = 16
RULES = {name: vk.builtin_rules(name) for name in NAMES}


def bodies() -> list[dict[str, Any]]:
    """Varied one- and few-person checks over three rule sets and dates."""
    out: list[dict[str, Any]] = []
    examples = srpo_people()
    for index in range(REQUESTS):
        name = NAMES[index % len(NAMES)]
        on = date(2026 + index % 3, 1 + index % 12, 1 + index % 28)
        rules = RULES[name]
        person = busy_person(rules, on, ident=f"p{index}")
        person["activities"] = person["activities"][: index % 26]
        if name == "srpo" and index % 2:
            people = [examples[index % len(examples)], person]
            out.append({"rules": name, "on": on.isoformat(), "professionals": people})
        else:
            out.append({"rules": name, "on": on.isoformat(), "professional": person})
    return out


def expected(body: dict[str, Any]) -> Any:
    """What in-process assess says for ``body``."""
    rules = RULES[body["rules"]]
    people = [body["professional"]] if "professional" in body else body["professionals"]
    answers = [rules.assess(vk.Professional.from_dict(p), body["on"]).to_dict()
               for p in people]
    return answers[0] if "professional" in body else answers


def test_concurrent_checks_all_answered_as_in_process() -> None:
    """240 checks, 16 at a time: none fails and every answer equals in-process assess."""
    requests = bodies()

    async def load(url: str) -> list[httpx.Response]:
        gate = asyncio.Semaphore(CONCURRENCY)
        limits = httpx.Limits(max_connections=CONCURRENCY)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
            async def one(body: dict[str, Any]) -> httpx.Response:
                async with gate:
                    return await client.post("/v1/check", json=body)
            return list(await asyncio.gather(*(one(b) for b in requests)))

    with running(create_app(RULES)) as url:
        responses = asyncio.run(load(url))
    assert [r.status_code for r in responses] == [200] * REQUESTS
    for body, response in zip(requests, responses, strict=True):
        assert response.json() == expected(body)
