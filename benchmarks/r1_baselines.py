"""Reference rule R1 written by hand twice: with numpy and with a pandas groupby.

Both read the same columns the engine loads (a :class:`Population`'s arrays) and return, per
person, what the engine returns for R1 (benchmarks/r1.yaml): met, the counted total and the
required total (hundredths of an hour), and which requirement failed (bit 0 totaal, 1 formeel,
2 reflectie, 3 themas). See benchmarks/population.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

UNIX = date(1970, 1, 1).toordinal()
CAP_INFORMAL = 4000  # 40 hours, in hundredths
MIN_TOTAL = 16000
MIN_FORMAL = 8000


def add_years(ordinals: Any, years: int) -> Any:
    """``date + years`` for ordinal days (29 February -> 28 February), vectorised."""
    dt = (np.asarray(ordinals, dtype=np.int64) - UNIX).astype("datetime64[D]")
    month_start = dt.astype("datetime64[M]")
    day = (dt - month_start).astype(np.int64)  # 0-based day of month
    moved = month_start + np.timedelta64(12 * years, "M")
    length = ((moved + np.timedelta64(1, "M")).astype("datetime64[D]")
              - moved.astype("datetime64[D]")).astype(np.int64)
    out = moved.astype("datetime64[D]") + np.minimum(day, length - 1).astype("timedelta64[D]")
    return out.astype(np.int64) + UNIX


def prorated(minimum_c: int, fte: Any) -> Any:
    """``ceil(minimum x min(fte, 1))`` in hundredths (the engine's ``prorate: [fte]``)."""
    return np.ceil(minimum_c * np.minimum(fte, 1.0) - 1e-9).astype(np.int64)


def r1_numpy(person: Any, day: Any, amount: Any, category: Any, accredited: Any,
             themes: Any, registered: Any, fte: Any, on: int, codes: dict[str, int],
             theme_bits: list[int]) -> dict[str, Any]:
    """R1 with plain numpy over activities sorted by person."""
    n = len(registered)
    counts = np.bincount(person, minlength=n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    starts = offsets[:-1][counts > 0]
    nonempty = counts > 0
    # accumulate in int32 when no person's sum can overflow it (about twice as fast)
    narrow = len(amount) and int(amount.max()) * int(counts.max()) < 2**31 - 1

    def per_person(values: Any) -> Any:
        out = np.zeros(n, dtype=np.int64)
        small = narrow or values.dtype == bool
        out[nonempty] = np.add.reduceat(values, starts, dtype=np.int32 if small else np.int64)
        return out

    start = registered
    end = add_years(start, 4)
    last = np.minimum(end - 1, on)
    inside = (day >= np.repeat(start, counts)) & (day <= np.repeat(last, counts))
    formal, informal, reflection = codes["formeel"], codes["informeel"], codes["reflectie"]
    effective = np.where((category == formal) & ~accredited, informal, category)
    is_informal = effective == informal
    informal_sum = per_person(np.where(inside & is_informal, amount, 0))
    other_sum = per_person(np.where(inside & ~is_informal, amount, 0))
    total = other_sum + np.minimum(informal_sum, CAP_INFORMAL)
    formal_sum = per_person(np.where(inside & (effective == formal), amount, 0))
    total_required = prorated(MIN_TOTAL, fte)
    formal_required = prorated(MIN_FORMAL, fte)
    # reflection: one in each cycle year (year k starts at start + k years)
    refl = np.flatnonzero(inside & (effective == reflection))
    who = person[refl]
    when = day[refl]
    year = np.zeros(len(refl), dtype=np.int64)
    for k in (1, 2, 3):
        year += when >= add_years(start, k)[who]
    per_year = np.bincount(who * 4 + year, minlength=4 * n).reshape(n, 4)
    reflection_ok = (per_year > 0).all(axis=1)
    # themes t1..t5: at least one activity in the window in each
    themes_ok = np.ones(n, dtype=bool)
    for bit in theme_bits:
        hit = inside & ((themes & themes.dtype.type(1 << bit)) != 0)
        themes_ok &= per_person(hit) > 0
    failed = ((total < total_required).astype(np.int64)
              | (formal_sum < formal_required) << 1
              | (~reflection_ok).astype(np.int64) << 2
              | (~themes_ok).astype(np.int64) << 3)
    return {"met": failed == 0, "total": total, "required": total_required, "failed": failed}


def r1_pandas(frame: Any, people: Any, on: int, codes: dict[str, int],
              theme_bits: list[int]) -> dict[str, Any]:
    """R1 with a pandas groupby: ``frame`` has one row per activity (person, day, amount,
    category, accredited, themes), ``people`` one per person (registered, fte)."""
    import pandas as pd

    n = len(people)
    start = people["registered"].to_numpy()
    acts = frame.merge(pd.DataFrame({"person": np.arange(n), "start": start,
                                     "end": add_years(start, 4)}), on="person", how="left")
    acts = acts[(acts["day"] >= acts["start"]) & (acts["day"] < acts["end"])
                & (acts["day"] <= on)].copy()
    formal, informal, reflection = codes["formeel"], codes["informeel"], codes["reflectie"]
    acts["effective"] = np.where((acts["category"] == formal) & ~acts["accredited"],
                                 informal, acts["category"])
    sums = acts.groupby(["person", "effective"])["amount"].sum().unstack(fill_value=0)
    sums = sums.reindex(index=range(n), columns=[formal, informal, reflection], fill_value=0)
    total = (sums[formal] + sums[reflection]
             + sums[informal].clip(upper=CAP_INFORMAL)).to_numpy().astype(np.int64)
    formal_sum = sums[formal].to_numpy()
    fte = people["fte"].to_numpy()
    total_required = prorated(MIN_TOTAL, fte)
    formal_required = prorated(MIN_FORMAL, fte)
    refl = acts[acts["effective"] == reflection].copy()
    year = np.zeros(len(refl), dtype=np.int64)
    who = refl["person"].to_numpy()
    for k in (1, 2, 3):
        year += refl["day"].to_numpy() >= add_years(start, k)[who]
    refl["year"] = year
    years = refl.groupby("person")["year"].nunique().reindex(range(n), fill_value=0)
    reflection_ok = years.to_numpy() == 4
    themes_ok = np.ones(n, dtype=bool)
    for bit in theme_bits:
        hit = acts[(acts["themes"].to_numpy() & (1 << bit)) != 0]
        covered = hit.groupby("person").size().reindex(range(n), fill_value=0)
        themes_ok &= covered.to_numpy() > 0
    failed = ((total < total_required).astype(np.int64)
              | (formal_sum < formal_required).astype(np.int64) << 1
              | (~reflection_ok).astype(np.int64) << 2
              | (~themes_ok).astype(np.int64) << 3)
    return {"met": failed == 0, "total": total, "required": total_required, "failed": failed}
