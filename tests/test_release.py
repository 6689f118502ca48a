"""The release checklist of CONTRIBUTING.md, run: the wheel builds, passes ``twine check``,
carries the shipped rule, example and scenario files, and installed in a clean virtual
environment runs ``vakmanschap check`` and ``vakmanschap test`` on shipped files.

The clean environment is a new venv (without pip) with only the wheel installed into it; the
runtime dependencies (attrs, PyYAML, python-dateutil, numpy) are lent from the running
interpreter's site-packages by a ``.pth`` line, so that the test runs offline. A ``.pth`` line
only appends a folder: the development install there (an editable ``.pth``) is not activated,
and the test checks that ``vakmanschap`` is imported from the wheel. Building needs network
access or a package index for the isolated build (setuptools): about half a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{argv}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built by ``python -m build`` from a copy of the source tree."""
    pytest.importorskip("build")
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--wheel", "--outdir", out, source)
    (found,) = out.glob("vakmanschap-*.whl")
    return found


def test_wheel_passes_twine_check(wheel: Path) -> None:
    """``twine check`` accepts the wheel's metadata (the README renders)."""
    pytest.importorskip("twine")
    assert "PASSED" in _run(sys.executable, "-m", "twine", "check", wheel).stdout


def test_wheel_carries_every_shipped_file(wheel: Path) -> None:
    """Every YAML file under src/vakmanschap/data (rules, examples, scenarios) and py.typed
    are in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    data = ROOT / "src" / "vakmanschap" / "data"
    shipped = {f"vakmanschap/data/{p.relative_to(data).as_posix()}" for p in data.rglob("*.yaml")}
    assert any(n.startswith("vakmanschap/data/scenarios/") for n in shipped)
    assert shipped <= names and "vakmanschap/py.typed" in names


def test_installed_wheel_checks_and_tests_shipped_files(wheel: Path, tmp_path: Path) -> None:
    """In a clean venv holding only the wheel, ``vakmanschap check`` judges a shipped example
    and ``vakmanschap test`` passes every scenario shipped in the package."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    (site / "lent-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--quiet", wheel)
    where = _run(python, "-c", "import vakmanschap; print(vakmanschap.__file__)").stdout
    assert Path(where.strip()).is_relative_to(site)
    data = Path(where.strip()).parent / "data"
    command = target / "bin" / "vakmanschap"
    check = subprocess.run(
        [command, "check", data / "examples" / "people-srpo.yaml", "--rules", "srpo",
         "--on", "2027-06-01"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert check.returncode == 1, check.stderr          # bram-jansen falls short
    assert "anja-de-vries" in check.stdout and "u voldoet aan de eisen" in check.stdout
    out = _run(command, "test", data / "scenarios", cwd=tmp_path).stdout.strip().splitlines()
    passed, _, total = out[-1].split(" ")[:3]
    assert passed == total and int(total) > 100
    assert _run(command, "--version").stdout.strip() == "vakmanschap 0.1.0"
