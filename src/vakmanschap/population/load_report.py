"""Row accounting of the files read into a population: nothing is dropped silently."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["FileReport", "LoadReport"]


@attrs.frozen
class FileReport:
    """What happened to the rows of one input file: ``read == accepted + rejected``."""

    file: str
    read: int
    accepted: int
    rejected: int
    delimiter: str | None = None  # the delimiter a CSV file was read with

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``delimiter`` for CSV files)."""
        out: dict[str, Any] = {"file": self.file, "read": self.read, "accepted": self.accepted,
                               "rejected": self.rejected}
        if self.delimiter is not None:
            out["delimiter"] = self.delimiter
        return out


@attrs.frozen
class LoadReport:
    """Row accounting of every file read (nothing is dropped silently) and the rejects file."""

    files: tuple[FileReport, ...] = ()
    rejects: str | None = None

    @property
    def delimiters(self) -> dict[str, str]:
        """The delimiter each CSV file was read with (sniffed unless it was given)."""
        return {f.file: f.delimiter for f in self.files if f.delimiter is not None}

    @property
    def rejected(self) -> int:
        """Rows rejected over all files."""
        return sum(f.rejected for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: every file's accounting, the rows rejected in all and the
        rejects file."""
        return {"files": [f.to_dict() for f in self.files], "rejected": self.rejected,
                "rejects": self.rejects}

    def rows(self) -> list[dict[str, Any]]:
        """One row per file (file, read, accepted, rejected, rejects file): the ``rejects``
        table of every output format."""
        return [{**f.to_dict(), "rejects_file": self.rejects or ""} for f in self.files]

    def rejects_line(self) -> str | None:
        """``55 rows rejected (professionals.csv: 53, activities.csv: 2), listed in rej.csv``;
        None when no row was rejected."""
        if not self.rejected:
            return None
        parts = ", ".join(f"{f.file}: {f.rejected:,}" for f in self.files if f.rejected)
        where = f", listed in {self.rejects}" if self.rejects else ""
        return f"{self.rejected:,} rows rejected ({parts}){where}"

    def lines(self) -> list[str]:
        """One line per file: ``activities.csv: 120 read = 118 accepted + 2 rejected``."""
        return [f"{f.file}: {f.read} read = {f.accepted} accepted + {f.rejected} rejected"
                for f in self.files]
