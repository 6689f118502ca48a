"""The positioned, safe YAML loader (vakmanschap.rules.yamlpos)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap import InputLimitError, RuleFileError
from vakmanschap.rules import yamlpos
from vakmanschap.rules.yamlpos import YList, YMap, load_yaml


def test_positions_of_keys_values_and_items() -> None:
    """Mappings remember where each key and value is; lists where each item is (1-based)."""
    data = load_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert isinstance(data, YMap)
    assert (data.line, data.column) == (1, 1)
    assert data.key_pos == {"a": (1, 1), "b": (2, 1)}
    assert data.value_pos["a"] == (1, 4)
    items = data["b"]
    assert isinstance(items, YList)
    assert (items.line, items.column) == (3, 3)
    assert items.item_pos == [(3, 5), (4, 5)]
    assert items[1].key_pos == {"c": (4, 6)}


def test_plain_values_are_plain_python() -> None:
    """Scalars load as ints, floats, strings, dates, booleans and None."""
    data = load_yaml("i: 3\nf: 0.5\ns: text\nd: 2024-02-29\nb: true\nn: null\n", "f.yaml")
    assert data == {"i": 3, "f": 0.5, "s": "text", "d": date(2024, 2, 29), "b": True,
                    "n": None}


def test_only_true_and_false_are_booleans() -> None:
    """YAML 1.2 booleans: the key ``on`` stays text and ``yes``/``no`` are not booleans."""
    data = load_yaml("on: 2024-01-01\nanswer: yes\nflag: false\n", "f.yaml")
    assert data == {"on": date(2024, 1, 1), "answer": "yes", "flag": False}


def test_empty_document_is_none() -> None:
    """An empty file (or only comments) loads as None."""
    assert load_yaml("", "f.yaml") is None
    assert load_yaml("# nothing here\n", "f.yaml") is None


def test_duplicate_keys_are_all_reported() -> None:
    """Every duplicate key is a problem naming its own line and the first occurrence."""
    with pytest.raises(RuleFileError) as info:
        load_yaml("a: 1\na: 2\nb: {c: 1, c: 2}\n", "f.yaml")
    problems = info.value.problems
    assert len(problems) == 2
    assert (problems[0].file, problems[0].line, problems[0].column) == ("f.yaml", 2, 1)
    assert "duplicate key 'a'" in problems[0].message and "line 1" in problems[0].message
    assert (problems[1].line, problems[1].column) == (3, 11)


def test_merge_keys_are_refused() -> None:
    """``<<`` merge keys are refused: the keys must be written out."""
    with pytest.raises(RuleFileError, match="merge keys"):
        load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "f.yaml")


def test_complex_keys_are_refused() -> None:
    """A list or mapping as a key is refused with its position."""
    with pytest.raises(RuleFileError) as info:
        load_yaml("? [a, b]\n: 1\n", "f.yaml")
    assert "plain value" in info.value.problems[0].message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !!python/name:os.system\n",
    "a: !!python/object:os.system {x: 1}\n",
])
def test_python_tags_never_build_objects(text: str) -> None:
    """Python tags never build Python objects: a rule file cannot run code."""
    try:
        data = load_yaml(text, "f.yaml")
    except RuleFileError as exc:
        assert "invalid YAML" in str(exc)
    else:
        assert isinstance(data["a"], list | dict | str)


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !custom {b: 1}\n",
])
def test_tagged_collections_are_refused(text: str) -> None:
    """An explicit tag the loader does not support is an error, for collections too."""
    with pytest.raises(RuleFileError):
        load_yaml(text, "f.yaml")


def test_syntax_error_has_a_position() -> None:
    """A syntax error is one problem with file, line and column."""
    with pytest.raises(RuleFileError) as info:
        load_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    (problem,) = info.value.problems
    assert problem.file == "f.yaml" and problem.line >= 1 and problem.column >= 1
    assert problem.message.startswith("invalid YAML")
    assert str(problem).startswith(f"f.yaml:{problem.line}:{problem.column}: ")


def test_several_documents_are_refused() -> None:
    """A file holds exactly one YAML document."""
    with pytest.raises(RuleFileError):
        load_yaml("a: 1\n---\nb: 2\n", "f.yaml")


def test_size_limit() -> None:
    """Text larger than MAX_BYTES is refused before parsing."""
    with pytest.raises(InputLimitError, match="larger than"):
        load_yaml("#" * (yamlpos.MAX_BYTES + 1), "big.yaml")


def test_depth_limit() -> None:
    """Nesting deeper than MAX_DEPTH is refused with a position."""
    depth = yamlpos.MAX_DEPTH + 5
    with pytest.raises(InputLimitError, match="nesting deeper") as info:
        load_yaml("[" * depth + "]" * depth, "deep.yaml")
    assert str(info.value).startswith("deep.yaml:1:")
    ok = yamlpos.MAX_DEPTH - 1
    assert load_yaml("[" * ok + "]" * ok, "ok.yaml") is not None


def test_alias_bomb_is_refused() -> None:
    """A "billion laughs" alias graph is refused before anything is built."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        ref = f"*l{i - 1}"
        lines.append(f"l{i}: &l{i} [{', '.join([ref] * 10)}]")
    with pytest.raises(InputLimitError, match="expands to more than"):
        load_yaml("\n".join(lines) + "\n", "bomb.yaml")


def test_small_aliases_are_fine() -> None:
    """Anchors and aliases within the limits load normally."""
    data = load_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert data["a"] == data["b"] == [1, 2]


_KEYS = st.text("abcdefghij_", min_size=1, max_size=6)


@given(st.dictionaries(_KEYS, st.integers(-1000, 1000), min_size=1, max_size=8))
def test_flat_mappings_round_trip_with_positions(mapping: dict[str, int]) -> None:
    """Each key of a block mapping written one per line is found on its own line."""
    text = "".join(f"{key}: {value}\n" for key, value in mapping.items())
    data = load_yaml(text, "f.yaml")
    assert data == mapping
    for line, key in enumerate(mapping, start=1):
        assert data.key_pos[key] == (line, 1)
        assert data.value_pos[key] == (line, len(key) + 3)


@given(_KEYS, st.integers(2, 5))
def test_repeated_key_is_reported_once_per_repeat(key: str, times: int) -> None:
    """A key written n times gives n - 1 duplicate-key problems."""
    text = "".join(f"{key}: {i}\n" for i in range(times))
    with pytest.raises(RuleFileError) as info:
        load_yaml(text, "f.yaml")
    assert [p.line for p in info.value.problems] == list(range(2, times + 1))


@pytest.mark.parametrize("text", ["d: 2023-02-29\n", "d: 2024-13-01\n"])
def test_impossible_date_is_a_located_problem(text: str) -> None:
    """An impossible unquoted date is a RuleFileError at its line and column."""
    with pytest.raises(RuleFileError) as info:
        load_yaml(text, "f.yaml")
    assert (info.value.problems[0].line, info.value.problems[0].column) == (1, 4)
