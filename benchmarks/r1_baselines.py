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


def read_reference(professionals: Any, activities: Any, fmt: str) -> tuple[Any, ...]:
    """The arrays :func:`r1_numpy` takes, read by hand with pyarrow from the export files
    (CSV or Parquet) in any row order: no checks beyond what pyarrow's typed reading does.
    This is the reference that ``benchmarks/population.py`` compares loading against."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if fmt == "csv":
        opts = pacsv.ReadOptions(use_threads=True, block_size=1 << 24)
        people = pacsv.read_csv(professionals, read_options=opts, convert_options=(
            pacsv.ConvertOptions(include_columns=["id", "registered_on", "fte"],
                                 column_types={"id": pa.string(),
                                               "registered_on": pa.date32()})))
        acts = pacsv.read_csv(activities, read_options=opts, convert_options=(
            pacsv.ConvertOptions(
                include_columns=["professional_id", "date", "hours", "category", "theme",
                                 "accredited"],
                column_types={"professional_id": pa.string(), "date": pa.date32(),
                              "hours": pa.float64(), "accredited": pa.bool_(),
                              "category": pa.dictionary(pa.int32(), pa.string()),
                              "theme": pa.dictionary(pa.int32(), pa.string())},
                strings_can_be_null=False)))
    else:
        people = pq.read_table(professionals, columns=["id", "registered_on", "fte"])
        acts = pq.read_table(activities, columns=["professional_id", "date", "hours",
                                                  "category", "theme", "accredited"],
                             read_dictionary=["category", "theme"])
    acts = acts.unify_dictionaries()

    def numpy(column: Any, dtype: Any) -> Any:
        return np.concatenate([c.to_numpy(zero_copy_only=False) for c in column.chunks]
                              ).astype(dtype, copy=False)

    def codes(column: Any) -> tuple[Any, list[str]]:
        if not pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column)
        column = pa.table({"c": column}).unify_dictionaries().column(0)
        return (np.concatenate([c.indices.to_numpy(zero_copy_only=False)
                                for c in column.chunks]),
                column.chunk(0).dictionary.to_pylist())

    person = numpy(pc.index_in(acts.column("professional_id"),
                               value_set=people.column("id").combine_chunks()), np.int32)
    order = np.argsort(person, kind="stable")
    person = person[order]
    day = numpy(acts.column("date").cast(pa.int32()), np.int64)[order] + UNIX
    amount = np.rint(numpy(acts.column("hours"), np.float64)[order] * 100).astype(np.int64)
    category_codes, category_names = codes(acts.column("category"))
    category = category_codes[order]
    theme_codes, theme_texts = codes(acts.column("theme"))
    bit_of = {f"t{k}": k - 1 for k in range(1, 6)}
    masks = np.array([sum(1 << bit_of[t] for t in text.split(";") if t)
                      for text in theme_texts] or [0], dtype=np.int64)
    themes = masks[theme_codes][order]
    accredited = numpy(acts.column("accredited"), bool)[order]
    registered = numpy(pc.fill_null(people.column("registered_on").cast(pa.int32()), -UNIX),
                       np.int64) + UNIX
    fte = numpy(people.column("fte"), np.float64)
    names = {name: k for k, name in enumerate(category_names)}
    return (person, day, amount, category, accredited, themes, registered, fte, names,
            list(range(5)))


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
