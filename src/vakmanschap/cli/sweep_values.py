"""The values of a swept parameter as the command line writes them: ``80:200:5`` (start, stop,
step; the stop included) or a list ``100,120,160``."""

from __future__ import annotations

from vakmanschap.errors import RuleError

__all__ = ["values"]


def values(spec: str) -> list[float]:
    """The values ``spec`` names (RuleError naming the spec when it is malformed)."""
    text = spec.strip()
    try:
        if ":" in text:
            parts = [float(x) for x in text.split(":")]
            if len(parts) != 3 or parts[2] <= 0:
                raise ValueError
            start, stop, step = parts
            steps = (stop - start) / step
            if abs(steps - round(steps)) > 1e-9 * max(1.0, abs(steps)):
                raise RuleError(f"--param values {spec!r}: the step {step:g} does not reach "
                                f"{stop:g} from {start:g}; choose a stop that is start plus a "
                                "whole number of steps")
            count = round(steps) + 1
            if count < 1 or count > 100_000:
                raise ValueError
            return [round(start + k * step, 10) for k in range(count)]
        return [float(x) for x in text.split(",") if x.strip()]
    except RuleError:
        raise
    except (ValueError, OverflowError):
        raise RuleError(f"--param values {spec!r}: write start:stop:step (e.g. 80:200:5) or "
                        "a list (100,120,160)") from None
