"""HR-export rows and files: the CSV columns of docs/quickstart-hr.md, with consistent ids."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from vakmanschap.strategies.common import Vocabulary, draw_date, one
from vakmanschap.strategies.people import draw_activity

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["HR_ACTIVITY_COLUMNS", "HR_PROFESSIONAL_COLUMNS", "hr_activity_rows", "hr_exports",
           "hr_professional_rows"]

HR_PROFESSIONAL_COLUMNS = ("id", "registered_on", "fte", "organisatie", "schaal")
HR_ACTIVITY_COLUMNS = ("professional_id", "date", "hours", "points", "category", "theme",
                       "accredited")


@st.composite
def hr_professional_rows(draw: st.DrawFn, ident: str = "p0",
                         rules: RuleSet | None = None) -> dict[str, str]:
    """One row of ``professionals.csv``: id, registered_on, fte and grouping columns."""
    return _professional_row(draw, Vocabulary(rules), ident)


def _professional_row(draw: st.DrawFn, vocab: Vocabulary, ident: str) -> dict[str, str]:
    registered = draw_date(draw, vocab.first_day, vocab.first_day + timedelta(days=365 * 3))
    return {"id": ident, "registered_on": registered.isoformat(),
            "fte": f"{draw(one((1.0, 0.8, 0.5, 0.25, 1.2))):g}",
            "organisatie": draw(one(("BZK", "FIN", "JenV"))),
            "schaal": str(draw(st.integers(6, 16)))}


@st.composite
def hr_activity_rows(draw: st.DrawFn, professional_id: str = "p0",
                     rules: RuleSet | None = None) -> dict[str, str]:
    """One row of ``activities.csv``: themes joined by ``;``, accredited as true/false."""
    return _activity_row(draw, Vocabulary(rules), professional_id)


def _activity_row(draw: st.DrawFn, vocab: Vocabulary, professional_id: str) -> dict[str, str]:
    act = draw_activity(draw, vocab, "a0", None, None, None, 60)
    return {"professional_id": professional_id, "date": act.on.isoformat(),
            "hours": f"{act.hours:g}" if act.hours is not None else "",
            "points": f"{act.points:g}" if act.points is not None else "",
            "category": act.category, "theme": ";".join(act.themes),
            "accredited": "true" if act.accredited else "false"}


@st.composite
def hr_exports(draw: st.DrawFn, rules: RuleSet | None = None, *, max_people: int = 5,
               max_activities: int = 10) -> tuple[str, str]:
    """The text of ``professionals.csv`` and ``activities.csv`` with consistent ids."""
    vocab = Vocabulary(rules)
    count = draw(st.integers(1, max_people))
    people = [_professional_row(draw, vocab, f"p{i}") for i in range(count)]
    acts = [_activity_row(draw, vocab, f"p{draw(st.integers(0, count - 1))}")
            for _ in range(draw(st.integers(0, max_activities)))]
    return _csv(HR_PROFESSIONAL_COLUMNS, people), _csv(HR_ACTIVITY_COLUMNS, acts)


def _csv(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
