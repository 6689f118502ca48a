"""The file edge: rule files, built-in rule sets and person files (vakmanschap.io)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vakmanschap as vk
from helpers import rule_text
from vakmanschap.errors import DataError
from vakmanschap.io import read_text

PERSON = {
    "id": "p1",
    "events": [{"id": "r", "kind": "registered", "on": "2020-01-01"}],
    "activities": [{"id": "a1", "on": "2021-03-01", "hours": 8, "category": "formeel",
                    "accredited": True, "themes": ["t1"]}],
}
PERSON_YAML = """\
id: p1
events: [{id: r, kind: registered, on: 2020-01-01}]
activities:
  - {id: a1, on: 2021-03-01, hours: 8, category: formeel, accredited: true, themes: [t1]}
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """Write a file in the test's temporary folder."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- read_text ------------------------------------------------------------------------------------


def test_read_text_errors_name_the_file(tmp_path: Path) -> None:
    """Missing files, folders and non-UTF-8 bytes are DataErrors naming the file."""
    with pytest.raises(vk.DataError, match="file not found") as info:
        read_text(tmp_path / "nope.yaml")
    assert info.value.record == str(tmp_path / "nope.yaml")
    with pytest.raises(vk.DataError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(vk.DataError, match="not UTF-8"):
        read_text(write(tmp_path, "latin.yaml", "café".encode("latin-1")))


def test_read_text_size_limit(tmp_path: Path) -> None:
    """Files larger than the limit are refused before reading."""
    path = write(tmp_path, "big.yaml", "x" * 101)
    with pytest.raises(vk.InputLimitError, match="larger than the limit of 100"):
        read_text(path, limit=100)
    assert read_text(path, limit=101) == "x" * 101


# -- rule files -----------------------------------------------------------------------------------


def test_load_rules_from_a_path(tmp_path: Path) -> None:
    """A rule file path (text or Path) loads; its name is used in positions."""
    path = write(tmp_path, "mine.yaml", rule_text("{id: c, title: C, count: {min: 1}}"))
    rules = vk.load_rules(path)
    assert rules.register == "test" and rules.origin == str(path)
    assert vk.load_rules(str(path)).versions[0].reregistration.location.startswith(  # type: ignore[union-attr]
        f"{path}:")


def test_load_rules_problems_name_the_path(tmp_path: Path) -> None:
    """Problems in a rule file carry its path."""
    path = write(tmp_path, "bad.yaml", rule_text("{id: c, title: C, count: {min: -1}}"))
    with pytest.raises(vk.RuleFileError) as info:
        vk.load_rules(path)
    assert info.value.problems[0].file == str(path)


def test_unknown_builtin_lists_the_shipped_ones() -> None:
    """A bare name is a built-in rule set; an unknown one is a RuleError listing them."""
    with pytest.raises(vk.RuleError, match="unknown built-in rule set 'nope'; shipped: ") as info:
        vk.load_rules("nope")
    for name in vk.builtin_names():
        assert name in str(info.value)


def test_builtin_names_are_sorted_names() -> None:
    """builtin_names lists the shipped rule sets by name, sorted, without extension."""
    names = vk.builtin_names()
    assert names == sorted(names)
    assert all(name and not name.endswith(".yaml") and "/" not in name for name in names)


# -- person files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("one.yaml", PERSON_YAML),
    ("one.json", json.dumps(PERSON)),
    ("list.yaml", "- " + PERSON_YAML.replace("\n", "\n  ").rstrip() + "\n"),
    ("list.json", json.dumps([PERSON])),
    ("wrapped.json", json.dumps({"professionals": [PERSON]})),
])
def test_person_file_shapes(tmp_path: Path, name: str, text: str) -> None:
    """One mapping, a list, or {professionals: [...]}, in YAML or JSON."""
    (p,) = vk.load_professionals(write(tmp_path, name, text))
    assert p.id == "p1" and p.activities[0].themes == ("t1",)
    assert p.activities[0].accredited is True


def test_yaml_and_json_give_the_same_professional(tmp_path: Path) -> None:
    """The same person in YAML and in JSON gives equal professionals."""
    (a,) = vk.load_professionals(write(tmp_path, "p.yaml", PERSON_YAML))
    (b,) = vk.load_professionals(write(tmp_path, "p.json", json.dumps(PERSON)))
    assert a == b


def test_errors_name_file_item_record_and_field(tmp_path: Path) -> None:
    """A bad field names the file, the item, the professional, the record and the field."""
    bad = json.loads(json.dumps(PERSON))
    bad["activities"][0]["hours"] = -1
    path = write(tmp_path, "people.json", json.dumps([PERSON | {"id": "p0"}, bad]))
    with pytest.raises(vk.DataError) as info:
        vk.load_professionals(path)
    assert info.value.record == f"{path}, item 1, professional p1, activities[0] (id a1)"
    assert info.value.field == "hours"


def test_invalid_json_and_yaml_have_positions(tmp_path: Path) -> None:
    """Syntax errors give line and column."""
    with pytest.raises(vk.DataError, match="invalid JSON at line 2, column"):
        vk.load_professionals(write(tmp_path, "p.json", '{"id": "p1",\n "fte": }'))
    with pytest.raises(vk.DataError, match=r"p\.yaml: line \d+, column \d+: invalid YAML"):
        vk.load_professionals(write(tmp_path, "p.yaml", "id: p1\nfte: [\n"))


def test_repeated_professional_ids(tmp_path: Path) -> None:
    """Professional ids must be unique within a file."""
    path = write(tmp_path, "p.json", json.dumps([PERSON, PERSON]))
    with pytest.raises(vk.DataError, match="repeated: p1") as info:
        vk.load_professionals(path)
    assert info.value.field == "id"


@pytest.mark.parametrize("text", ["[1, 2]", '"p1"', "[null]"])
def test_items_must_be_mappings(tmp_path: Path, text: str) -> None:
    """Every professional in a file is a mapping."""
    with pytest.raises(vk.DataError, match="expected a mapping"):
        vk.load_professionals(write(tmp_path, "p.json", text))


def test_deep_json_is_refused(tmp_path: Path) -> None:
    """JSON nested deeper than the YAML limit is refused as an input limit."""
    with pytest.raises(vk.InputLimitError, match="nesting deeper"):
        vk.load_professionals(write(tmp_path, "p.json", "[" * 200 + "]" * 200))


def test_empty_list_is_no_professionals(tmp_path: Path) -> None:
    """An empty list is a file without professionals."""
    assert vk.load_professionals(write(tmp_path, "p.json", "[]")) == []


def test_load_overlay_reads_a_mapping_of_changes(tmp_path: Path) -> None:
    """An overlay file gives the changes mapping, also under a 'changes:' key with a note."""
    flat = tmp_path / "flat.yaml"
    flat.write_text("totaal.min: 120\n", encoding="utf-8")
    nested = tmp_path / "nested.yaml"
    nested.write_text("note: CAO-voorstel\nchanges:\n  totaal.min: {2027-01-01: 120}\n",
                      encoding="utf-8")
    assert vk.load_overlay(flat) == {"totaal.min": 120}
    assert list(vk.load_overlay(nested)) == ["totaal.min"]


def test_load_overlay_refuses_what_is_not_an_overlay(tmp_path: Path) -> None:
    """A list, an empty file or an unknown top-level key is a data error naming the file."""
    for text in ("- 1\n", "{}\n", "changes: {a.min: 1}\nextra: 1\n"):
        path = tmp_path / "bad.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(vk.DataError, match=r"bad\.yaml"):
            vk.load_overlay(path)


# -- issue 16, item 2: files ---------------------------------------------------------------


def test_atomic_text_keeps_the_previous_file_when_writing_fails(tmp_path: Path) -> None:
    """An interrupted write (here an exception mid-way) leaves the previous file whole and no
    temporary file behind (issue 16, item 5: SIGINT during --out lost the previous file)."""
    from vakmanschap.io import atomic_text

    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_text(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with atomic_text(target) as handle:
        handle.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    """A FIFO and /dev/zero are refused as not regular files, without blocking or reading
    (issue 16, item 7)."""
    import os

    from vakmanschap.io import read_text

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(DataError, match="not a regular file"):
            read_text(path)


def test_formula_cells_are_escaped_in_csv_output() -> None:
    """Text cells a spreadsheet would run as formulas get a leading quote; numbers and plain
    text do not (issue 16, item 10: =HYPERLINK(...) was written unescaped)."""
    import io

    from vakmanschap.io import safe_csv_writer

    buffer = io.StringIO()
    safe_csv_writer(buffer, lineterminator="\n").writerow(
        ['=HYPERLINK("http://x")', "+1+2", "@SUM(A1)", "-8", "-1.5", "plain", 3])
    import csv

    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ['\'=HYPERLINK("http://x")', "'+1+2", "'@SUM(A1)", "-8", "-1.5", "plain", "3"]
