"""Rule-file (or any) text with a few random edits, for fuzzing a parser."""

from __future__ import annotations

from hypothesis import strategies as st

from vakmanschap.strategies.common import one

__all__ = ["mutated_texts"]

_NOISE = st.sampled_from(["", ":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/none",
                         "-1", "1e309", "null", "'", '"', "\t", "  ", "\n", "x:", "0",
                         "2024-02-30", "true", "~", "#", "|", ">", "%", "@", "\x00",
                         "é", "<<: *a"])


@st.composite
def mutated_texts(draw: st.DrawFn, text: str, *, max_edits: int = 4) -> str:
    """``text`` with a few random edits: lines dropped, duplicated or swapped, characters
    changed, YAML punctuation inserted (for fuzzing a parser)."""
    out = text
    for _ in range(draw(st.integers(1, max_edits))):
        lines = out.split("\n")
        op = draw(one(("drop", "dup", "swap", "char", "insert")))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(_NOISE) + lines[i][k + 1:]
        else:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(_NOISE) + lines[i][k:]
        out = "\n".join(lines)
    return out
