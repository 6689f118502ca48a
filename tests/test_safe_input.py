"""Safe input (issue 5, part 3): alias bombs, deep nesting and oversize files are refused
quickly, with a clear InputLimitError and bounded memory, for rule files and person files."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bounds import peak_since, reset_peak
from vakmanschap.errors import DataError, InputLimitError, RuleFileError
from vakmanschap.io import load_professionals, load_rules, parse_rules
from vakmanschap.rules import yamlpos

#: Refusing a hostile file may take at most this long and allocate at most this much.
# A hang guard, not a speed claim: an expanded alias bomb takes hours and gigabytes, a refused
# one milliseconds; the limit is generous so that a busy machine never fails it.
SECONDS = 60.0
PEAK_BYTES = 20_000_000


def billion_laughs(levels: int = 9, *, key: str = "l") -> str:
    """The classic alias bomb: 10 ** ``levels`` nodes from a few hundred bytes of YAML."""
    lines = [f"{key}0: &{key}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"{key}{i}: &{key}{i} [{', '.join([f'*{key}{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def measured(call: Callable[[], Any]) -> tuple[BaseException | None, float, int]:
    """Run ``call``; return the exception it raised, the seconds taken and how far the
    resident peak rose (tests/bounds.py: why not tracemalloc)."""
    baseline = reset_peak()
    start = time.perf_counter()
    error: BaseException | None = None
    try:
        call()
    except Exception as exc:  # returned for the caller's assertions
        error = exc
    elapsed = time.perf_counter() - start
    return error, elapsed, peak_since(baseline)


def test_billion_laughs_rule_file_is_refused_quickly_in_little_memory() -> None:
    """A billion-laughs rule file is refused by the loader without hanging and within 20 MB."""
    error, elapsed, peak = measured(lambda: parse_rules(billion_laughs(), "bomb.yaml"))
    assert isinstance(error, InputLimitError), error
    assert "expands to more than" in str(error) and str(error).startswith("bomb.yaml:")
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)


def test_billion_laughs_person_file_is_refused(tmp_path: Path) -> None:
    """A person file built as an alias bomb is refused the same way, through load_professionals."""
    path = tmp_path / "people.yaml"
    path.write_text(billion_laughs() + "professionals:\n  - {id: p1, attributes: {x: *l8}}\n",
                    encoding="utf-8")
    error, elapsed, peak = measured(lambda: load_professionals(path))
    assert isinstance(error, InputLimitError), error
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)


def test_bomb_hidden_inside_a_valid_rule_file_is_refused() -> None:
    """An alias bomb under a free documentation key of an otherwise valid file is refused."""
    text = ("register: x\ntitle: X\nsource: s\nunit: hours\ncategories: {a: A}\n"
            "versions: []\nx-doc:\n" + "".join("  " + line + "\n"
                                               for line in billion_laughs().splitlines()))
    with pytest.raises(InputLimitError):
        parse_rules(text, "hidden.yaml")


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)) + "  " * 200 + "v\n",
    "- " * 5_000 + "x\n",
    "{a: " * 3_000 + "1" + "}" * 3_000,
])
def test_deep_nesting_is_refused_without_recursion_error(text: str) -> None:
    """Nesting far beyond MAX_DEPTH is an InputLimitError, never a RecursionError."""
    error, elapsed, peak = measured(lambda: parse_rules(text, "deep.yaml"))
    assert isinstance(error, InputLimitError), error
    assert "nesting deeper than" in str(error)
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)


def test_flat_list_beyond_the_node_limit_is_refused_before_composing() -> None:
    """A plain list of more than MAX_NODES items (no aliases) is refused from the events."""
    text = "x: [" + ",".join(["1"] * (yamlpos.MAX_NODES + 10)) + "]\n"
    assert len(text) < yamlpos.MAX_BYTES
    error, elapsed, peak = measured(lambda: parse_rules(text, "wide.yaml"))
    assert isinstance(error, InputLimitError), error
    assert elapsed < 4 * SECONDS and peak < PEAK_BYTES, (elapsed, peak)


def test_oversize_text_and_files_are_refused(tmp_path: Path) -> None:
    """Rule text, rule files and person files over MAX_BYTES are refused before parsing."""
    big = "# " + "x" * yamlpos.MAX_BYTES + "\n"
    with pytest.raises(InputLimitError, match="larger than"):
        parse_rules(big, "big.yaml")
    for name, call in (("rules.yaml", load_rules), ("people.yaml", load_professionals),
                       ("people.json", load_professionals)):
        path = tmp_path / name
        path.write_text(big, encoding="utf-8")
        error, elapsed, peak = measured(lambda c=call, p=path: c(p))  # type: ignore[misc]
        assert isinstance(error, InputLimitError), (name, error)
        assert elapsed < SECONDS and peak < PEAK_BYTES


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    '{"id": "p", "attributes": {"a": ' + "[" * 500 + "]" * 500 + "}}",
    '{"id": "p", "fte": ' + "9" * 5000 + "}",
])
def test_hostile_json_person_file_is_a_vakmanschap_error(tmp_path: Path, text: str) -> None:
    """Deep JSON and 5000-digit numbers give InputLimitError or DataError, not Python errors."""
    path = tmp_path / "people.json"
    path.write_text(text, encoding="utf-8")
    error, elapsed, peak = measured(lambda: load_professionals(path))
    assert isinstance(error, InputLimitError | DataError), repr(error)
    assert elapsed < SECONDS and peak < PEAK_BYTES


def test_json_person_file_depth_limit_matches_yaml(tmp_path: Path) -> None:
    """JSON person files get the YAML depth limit: MAX_DEPTH + 1 levels are refused."""
    too_deep = {"id": "p", "attributes": {"a": 1}}
    node: Any = too_deep["attributes"]
    for _ in range(yamlpos.MAX_DEPTH):
        node["a"] = {"a": 1}
        node = node["a"]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(too_deep), encoding="utf-8")
    with pytest.raises(InputLimitError, match="nesting deeper"):
        load_professionals(path)


@pytest.mark.parametrize(("text", "where"), [
    ("valid_from: 2024-02-30\n", (1, 13)),
    ("n: " + "9" * 5000 + "\n", (1, 4)),
    ("a: !!python/object/apply:os.system ['echo hi']\n", (1, 4)),
    ("a: !!set {x, y}\n", (1, 4)),
])
def test_bad_scalars_and_tags_are_located_problems(text: str, where: tuple[int, int]) -> None:
    """Impossible dates, huge numbers and unsupported tags are problems at file:line:col."""
    with pytest.raises(RuleFileError) as info:
        yamlpos.load_yaml(text, "f.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == where


def test_person_yaml_with_an_impossible_date_is_a_data_error(tmp_path: Path) -> None:
    """A person file with 2023-02-29 names the file, line and column."""
    path = tmp_path / "people.yaml"
    path.write_text("id: p\nentered_service: 2023-02-29\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 2, column 18"):
        load_professionals(path)


def test_huge_amounts_are_data_errors() -> None:
    """Amounts too large for hundredths (1e307, 10**400) are DataErrors, not OverflowErrors."""
    from vakmanschap.model.records import Professional

    for hours in (1e307, 10**400):
        with pytest.raises(DataError, match="hours"):
            Professional.from_dict({"id": "p", "activities": [
                {"id": "a", "on": "2024-01-01", "category": "x", "hours": hours}]})
