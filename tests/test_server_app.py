"""The service (vakmanschap.server.app) on a real uvicorn server on 127.0.0.1, through httpx:
every endpoint, located refusals, and each limit."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

import vakmanschap as vk
from server_helpers import busy_person, running, srpo_people
from vakmanschap.server import Limits, create_app
from vakmanschap.server.spec import openapi

ON = "2027-06-01"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """A server with the shipped SRPO and BIG rule sets and the default limits."""
    with running(create_app(["srpo", "big"])) as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[httpx.Client]:
    """An HTTP client on that server."""
    with httpx.Client(base_url=url, timeout=30) as c:
        yield c


def body(**extra: Any) -> dict[str, Any]:
    """A check body for the SRPO example professionals."""
    return {"rules": "srpo", "on": ON, "professionals": srpo_people(), **extra}


def test_health(client: httpx.Client) -> None:
    """GET /health answers ok."""
    assert client.get("/health").json() == {"status": "ok"}


def test_check_many_equals_in_process_assess(client: httpx.Client) -> None:
    """POST /v1/check with professionals returns a list equal to in-process assess."""
    rules = vk.builtin_rules("srpo")
    expected = [rules.assess(vk.Professional.from_dict(p), ON).to_dict()
                for p in srpo_people()]
    response = client.post("/v1/check", json=body())
    assert response.status_code == 200
    assert response.json() == expected


def test_check_one_is_one_object(client: httpx.Client) -> None:
    """POST /v1/check with professional returns one assessment object, not a list."""
    person = srpo_people()[1]
    answer = client.post("/v1/check", json={"rules": "srpo", "on": ON,
                                            "professional": person}).json()
    assert answer["professional"] == person["id"]
    assert answer["schema"] == "vakmanschap.engine.assessment/1"


def test_check_group_and_changes(client: httpx.Client) -> None:
    """A lower norm in changes turns an unmet re-registration into a met one."""
    person = srpo_people()[1]
    plain = client.post("/v1/check", json={"rules": "srpo", "on": ON, "professional": person})
    eased = client.post("/v1/check", json={"rules": "srpo", "on": ON, "professional": person,
                                           "group": "reregistration",
                                           "changes": {"punten.min": 10}})
    assert plain.json()["met"] is False
    assert eased.json()["met"] is True


def test_explain_in_english(client: httpx.Client) -> None:
    """POST /v1/explain returns the text of check, in the language asked."""
    person = srpo_people()[1]
    rules = vk.builtin_rules("srpo")
    expected = rules.assess(vk.Professional.from_dict(person), ON).explain("en")
    response = client.post("/v1/explain", json={"rules": "srpo", "on": ON, "lang": "en",
                                                "professional": person})
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == expected


def test_timeline(client: httpx.Client) -> None:
    """POST /v1/timeline returns the timeline JSON of every professional."""
    response = client.post("/v1/timeline", json={"rules": "srpo", "until": ON,
                                                  "professionals": srpo_people()})
    timelines = response.json()
    assert [t["professional"] for t in timelines] == [p["id"] for p in srpo_people()]
    assert all(t["schema"] == "vakmanschap.timeline/1" for t in timelines)


def test_rules_listing(client: httpx.Client) -> None:
    """GET /v1/rules lists only the rule sets the server was started with."""
    assert [r["name"] for r in client.get("/v1/rules").json()] == ["srpo", "big"]


def test_rule_parameters_are_change_keys(client: httpx.Client) -> None:
    """Every parameter GET /v1/rules/{name} lists is accepted as a change at its value."""
    rules = vk.builtin_rules("srpo")
    params = client.get("/v1/rules/srpo").json()["parameters"]
    assert params
    for item in params:
        rules.with_changes({item["key"]: item["value"]})


def test_rule_schema_accepts_example_and_names_vocabulary(client: httpx.Client) -> None:
    """The body schema of a rule set accepts the example body and lists its categories."""
    import jsonschema

    schema = client.get("/v1/rules/srpo/schema").json()
    jsonschema.validate(body(), schema)
    categories = schema["properties"]["professional"]["properties"]["activities"]["items"][
        "properties"]["category"]["enum"]
    assert categories == list(vk.builtin_rules("srpo").categories)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body(rules="big"), schema)


def test_unknown_rule_set_is_404(client: httpx.Client) -> None:
    """GET /v1/rules/{name} of a rule set not served is a located 404."""
    response = client.get("/v1/rules/..%2Fetc")
    assert response.status_code == 404
    assert response.json()["error"] in {"RuleError", "HTTPError"}


def test_openapi_document(client: httpx.Client) -> None:
    """GET /v1/openapi.json is the document the service describes itself with."""
    assert client.get("/v1/openapi.json").json() == openapi(["srpo", "big"], Limits())


@pytest.mark.parametrize(("mutate", "location", "error"), [
    (lambda b: b["professionals"][1]["activities"][2].update(points=-3),
     "professionals[1].activities[2].points", "DataError"),
    (lambda b: b["professionals"][0]["activities"][0].update(category="nope"),
     "professionals[0].activities[0].category", "DataError"),
    (lambda b: b["professionals"][2].update(colour="red"), "professionals[2].colour",
     "DataError"),
    (lambda b: b["professionals"][0]["events"][0].update(on="2024-02-30"),
     "professionals[0].events[0].on", "DataError"),
    (lambda b: b.update(on="yesterday"), "on", "DataError"),
    (lambda b: b.update(group="all"), "group", "DataError"),
    (lambda b: b.update(rules="../../etc/passwd"), "rules", "RuleError"),
    (lambda b: b.update(rules="srpo.yaml"), "rules", "RuleError"),
    (lambda b: b.update(changes={"punten.min": -1}), "changes.punten.min", "RuleError"),
    (lambda b: b.update(changes={"punten.nope": 1}), "changes.punten.nope", "RuleError"),
    (lambda b: b.update(changes=[]), "changes", "RuleError"),
    (lambda b: b.update(professional={"id": "x"}), "professional", "DataError"),
    (lambda b: b.update(professionals=[]), "professionals", "DataError"),
    (lambda b: b.update(professionals=[{"id": "a"}, {"id": "a"}]), "professionals",
     "DataError"),
])
def test_bad_input_is_located_422(client: httpx.Client, mutate: Any, location: str,
                                  error: str) -> None:
    """Bad data gets a 422 naming the field in the body, never a 500."""
    data = body()
    mutate(data)
    response = client.post("/v1/check", json=data)
    assert response.status_code == 422, response.text
    assert response.json()["location"] == location
    assert response.json()["error"] == error


def test_data_error_message_is_the_cli_message(client: httpx.Client, tmp_path: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A refusal's message is the command line's, with the body's path in place of the
    file's."""
    from vakmanschap.cli import main

    data = body()
    data["professionals"][1]["activities"][2]["points"] = -3
    path = tmp_path / "people.json"
    path.write_text(json.dumps(data["professionals"]), encoding="utf-8")
    assert main(["check", str(path), "--rules", "srpo", "--on", ON]) == 2
    cli = capsys.readouterr().err
    served = client.post("/v1/check", json=data).json()["message"]
    assert cli.strip() == f"vakmanschap: DataError: {served}".replace(
        "professionals[1]", f"{path}, item 1")


@pytest.mark.parametrize(("raw", "status"), [
    (b"{", 400), (b"\xff\xfe", 400), (b'{"on": NaN}', 400), (b"[" * 100_000, 413),
    (b"[]", 422), (b'"text"', 422), (b"", 400),
])
def test_not_json_is_refused(client: httpx.Client, raw: bytes, status: int) -> None:
    """A body that is not a JSON object is refused with 400, 413 or 422 and a message."""
    response = client.post("/v1/check", content=raw)
    assert response.status_code == status
    assert response.json()["message"]


def test_unknown_path_and_method_are_json(client: httpx.Client) -> None:
    """A path or method that does not exist is refused in the same JSON shape."""
    assert client.get("/v2/check").json()["error"] == "HTTPError"
    assert client.get("/v1/check").status_code == 405


# -- limits ---------------------------------------------------------------------------------

LIMITS = Limits(max_body_bytes=40_000, max_professionals=3, max_activities=4, timeout_s=30)


@pytest.fixture(scope="module")
def small(client: httpx.Client) -> Iterator[httpx.Client]:
    """A server with small limits."""
    with running(create_app(["srpo"], limits=LIMITS)) as base, httpx.Client(
            base_url=base, timeout=30) as c:
        yield c


def test_body_over_limit_is_413(small: httpx.Client) -> None:
    """A body over max_body_bytes gets 413, whether declared or streamed."""
    data = body(professionals=[{"id": "x" * 50_000}])
    assert small.post("/v1/check", json=data).status_code == 413

    def chunks() -> Iterator[bytes]:
        yield json.dumps(data).encode()

    assert small.post("/v1/check", content=chunks()).status_code == 413


def test_too_many_professionals_is_422(small: httpx.Client) -> None:
    """More professionals than max_professionals gets 422 located at professionals."""
    response = small.post("/v1/check", json=body())
    assert response.status_code == 422
    assert response.json() == {**response.json(), "location": "professionals",
                               "error": "InputLimitError"}


def test_too_many_activities_is_422(small: httpx.Client) -> None:
    """More activities than max_activities gets 422 located at that professional."""
    people = srpo_people()[:2]
    response = small.post("/v1/check", json=body(professionals=people))
    assert response.status_code == 422
    assert response.json()["location"] == "professionals[1].activities"


def big_body(count: int) -> dict[str, Any]:
    """A BIG check of ``count`` professionals with 25 activities each (a slow request)."""
    person = busy_person(vk.builtin_rules("big"), date.fromisoformat(ON))
    return {"rules": "big", "on": ON,
            "professionals": [{**person, "id": f"p{i}"} for i in range(count)]}


def test_slow_request_gets_503_and_server_goes_on() -> None:
    """A request over the time limit gets 503 with Retry-After; the next one is answered."""
    limits = Limits(timeout_s=0.01, retry_after_s=7)
    with running(create_app(["big"], limits=limits)) as base, httpx.Client(
            base_url=base, timeout=30) as c:
        response = c.post("/v1/check", json=big_body(400))
        assert response.status_code == 503
        assert response.headers["retry-after"] == "7"
        assert response.json()["error"] == "Overtime"
        assert c.get("/health").status_code == 200


def test_long_request_does_not_stall_short_ones(url: str) -> None:
    """Short checks sent while a long one runs are all answered before it finishes."""
    # The most a request may hold (Limits.max_professionals): about 1 s on a quiet machine, so
    # that five short checks fit inside it even as assessments get faster (300 took 0.3 s).
    long_body = big_body(1_000)
    person = srpo_people()[1]

    async def scenario() -> tuple[bool, list[int]]:
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            long = asyncio.create_task(c.post("/v1/check", json=long_body))
            await asyncio.sleep(0.2)  # the long request is being evaluated
            codes = [(await c.post("/v1/check", json={"rules": "srpo", "on": ON,
                                                      "professional": person})).status_code
                     for _ in range(5)]
            pending = not long.done()
            assert (await long).status_code == 200
            return pending, codes

    pending, codes = asyncio.run(scenario())
    assert codes == [200] * 5
    assert pending
