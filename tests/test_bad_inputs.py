"""The bad-input corpus (issue 16, tests/bad_inputs/): every case exits 2 with a located
one-line message naming what is allowed, changes no file it did not create, and stays within
10 s and 500 MB.

Each case of ``tests/bad_inputs/cases.yaml`` runs the command line's entry point in-process
in a fresh folder holding a 30-person demo workforce (``io/``), the toy register
(``toy.yaml``) and its people (``people.yaml``); see ``tests/bad_inputs/README.md``.
Print every case's exit code and message with::

    PYTHONPATH=src .venv/bin/pytest tests/test_bad_inputs.py -q -s --bad-inputs-show
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bounds import bounded, peak_since, reset_peak, snapshot
from tooling_helpers import TOY_PEOPLE, TOY_RULES
from vakmanschap.cli import main

CORPUS = Path(__file__).parent / "bad_inputs" / "cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
SECONDS = 10
PEAK_BYTES = 500_000_000
# The memory bound is the rise of the resident peak (PEAK_BYTES), asserted after each case
# (tests/bounds.py says why neither tracemalloc nor an address-space limit is used).
KEYS = {"name", "item", "argv", "files", "setup", "mentions", "xfail", "strict"}


@pytest.fixture(scope="session")
def workforce(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workforce written once by ``generate`` (copied into each case's folder)."""
    folder = tmp_path_factory.mktemp("workforce") / "io"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", "--size", "30", "--seed", "7", "--out", str(folder),
                     "--employments", "--leaves"])
    assert code == 0
    return folder


def _write(folder: Path, name: str, spec: Any) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif "from" in spec:
        text = (folder / spec["from"]).read_text(encoding="utf-8")
        for old, new in spec.get("replace", []):
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    elif "bytes" in spec:
        path.write_bytes(spec["bytes"].encode("latin-1"))
    else:
        lines = (spec["line"].replace("{i}", str(i)) for i in range(spec["times"]))
        path.write_text(spec.get("head", "") + "".join(lines) + spec.get("tail", ""),
                        encoding="utf-8")


def _setup(folder: Path, action: dict[str, Any]) -> None:
    (kind, value), = action.items()
    if kind == "fifo":
        os.mkfifo(folder / value)
    elif kind == "symlink":
        (folder / value[0]).symlink_to(value[1])
    elif kind == "hardlink":
        os.link(folder / value[1], folder / value[0])
    elif kind == "mkdir":
        (folder / value).mkdir()
    elif kind == "parquet":  # [name, {column: [values]}]: types as pyarrow infers them
        import pyarrow as pa
        import pyarrow.parquet as pq

        (folder / value[0]).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(value[1]), folder / value[0])
    else:
        raise AssertionError(f"unknown setup {kind!r}")


def run_case(case: dict[str, Any], folder: Path, workforce: Path) -> tuple[int, str, int]:
    """Prepare ``folder`` for ``case``, run it; return the exit code, stderr and peak bytes."""
    shutil.copytree(workforce, folder / "io")
    shutil.copy(TOY_RULES, folder / "toy.yaml")
    shutil.copy(TOY_PEOPLE, folder / "people.yaml")
    for name, spec in (case.get("files") or {}).items():
        _write(folder, name, spec)
    for action in case.get("setup") or []:
        _setup(folder, action)
    before = snapshot(folder)
    err = io.StringIO()
    cwd = Path.cwd()
    os.chdir(folder)
    baseline = reset_peak()
    try:
        with bounded(SECONDS), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in case["argv"]])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        peak = peak_since(baseline)
        os.chdir(cwd)
    after = snapshot(folder)
    changed = sorted(name for name, facts in before.items() if after.get(name) != facts)
    assert not changed, f"changed input files: {changed}"
    return code, err.getvalue(), peak


def _param(case: dict[str, Any]) -> Any:
    # strict: false only for a case another change owns (its fix lands on another branch)
    marks = ([pytest.mark.xfail(reason=case["xfail"], strict=case.get("strict", True))]
             if case.get("xfail") else [])
    return pytest.param(case, id=case["name"], marks=marks)


def test_corpus_is_well_formed() -> None:
    """Every case has a unique name, an issue item, arguments and something to mention."""
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case) <= KEYS, case["name"]
        assert case["item"] and case["argv"] and case["mentions"], case["name"]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input_exits_2_with_a_located_message(case: dict[str, Any], tmp_path: Path,
                                                  workforce: Path,
                                                  request: pytest.FixtureRequest) -> None:
    """The case exits 2, one line naming where and what is allowed, no input changed, bounded."""
    code, err, peak = run_case(case, tmp_path, workforce)
    if request.config.getoption("--bad-inputs-show"):
        print(f"\n[{case['name']}] exit {code}: {err.strip()}")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1, err
    missing = [m for m in case["mentions"] if str(m) not in lines[0]]
    assert not missing, (missing, lines[0])
    assert peak < PEAK_BYTES, peak
