"""Which export files a population command reads: a folder of exports (``professionals.csv``,
``activities.csv``, ...; or ``.parquet``), an ``.xlsx`` workbook with a sheet per file, or files
named one by one; one format throughout."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vakmanschap.errors import DataError
from vakmanschap.io import read_text

__all__ = ["FILES", "files_of", "yaml_file"]

FILES = ("professionals", "activities", "employments", "leaves", "events", "attestations")


def yaml_file(path: str, what: str) -> Any:
    """A YAML file given on the command line (DataError naming it when it is not YAML)."""
    import yaml

    try:
        return yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc.__class__.__name__})", record=path,
                        field=what) from None


def _workbook(path: Path) -> dict[str, Path | None]:
    """The sheets of a workbook named after the files (``book.xlsx#activities``)."""
    from vakmanschap.population.reading.sources import xlsx_sheets

    sheets = xlsx_sheets(path)
    return {name: Path(f"{path}#{name}") if name in sheets else None for name in FILES}


def files_of(args: argparse.Namespace) -> dict[str, Path | None]:
    """The export files a population command reads: DATA_DIR's (or a workbook's sheets),
    each overridden by its own option; professionals and activities are required."""
    if args.data and str(args.data).lower().endswith(".xlsx"):
        book = _workbook(Path(args.data))
        return _required({name: Path(getattr(args, name)) if getattr(args, name) else book[name]
                          for name in FILES})
    folder = Path(args.data) if args.data else None
    if folder is not None and not folder.is_dir():
        raise DataError("not a folder; give a folder of exports or --professionals/--activities",
                        record=str(folder))
    out: dict[str, Path | None] = {}
    for name in FILES:
        given = getattr(args, name)
        if given:
            out[name] = Path(given)
            continue
        found = [folder / f"{name}{suffix}" for suffix in (".csv", ".parquet")
                 if folder is not None and (folder / f"{name}{suffix}").is_file()]
        if len(found) > 1:
            raise DataError(f"{found[0].name} and {found[1].name} are both here; keep one "
                            f"format in the folder, or name the file with --{name}",
                            record=str(folder))
        out[name] = found[0] if found else None
    return _required(out)


def _required(out: dict[str, Path | None]) -> dict[str, Path | None]:
    for name in ("professionals", "activities"):
        if out[name] is None:
            raise DataError(f"no {name} file: give DATA_DIR with {name}.csv or --{name} FILE")
    parquet = str(out["professionals"]).lower().endswith(".parquet")
    for path in out.values():
        if path is not None and str(path).lower().endswith(".parquet") != parquet:
            kinds = ("CSV", "Parquet") if parquet else ("Parquet", "CSV")
            raise DataError(f"a {kinds[0]} file, but the professionals file is {kinds[1]}; "
                            "give every file in one format (CSV or Parquet)", record=str(path))
    return out
