"""Row checks as column expressions: identifiers (RPPS Luhn, ADELI), then who is rejected.

The same reasons as the row parser, found in bulk: an expression marks the rows that are certainly
well formed (11-digit Luhn-valid RPPS or 9-character ASCII ADELI, a matching national identifier,
and for activity rows a profession and a last name); the few others get their reason from the row
parser's own functions (``parser.identifier_problem``), so a reason never differs between the two.

The row parser checks a person once per run of consecutive rows with the same identifier: after a
good row, the following rows of that identifier are not checked again, and after a rejected one
the next row is. ``rejected_rows`` reproduces that: in a run, the rows before its first good row are
rejected, the rest kept; a run continues across chunks (``last_ok``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from vigie.registry.load.parser import identifier_problem

TYPE, ID, NATIONAL = "Type d'identifiant PP", "Identifiant PP", "Identification nationale PP"
PROFESSION, LAST_NAME = "Code profession", "Nom d'exercice"
PROBLEM = "problem"
_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)  # Luhn: 2d, less 9 if > 9


def _luhn_ok(identifier: pl.Expr) -> pl.Expr:
    """Luhn check of an 11-digit identifier (digits doubled at odd positions from the left).

    The digits are peeled off in numpy: as 33 Polars expressions the check cost ~20 ms per
    32 MB chunk, a third of a second at national scale, for what numpy does in 2. A value that
    is not a number reads as failing (the callers also require 11 digits).
    """
    number = identifier.cast(pl.Int64, strict=False)
    return number.map_batches(_luhn_numbers, return_dtype=pl.Boolean)


def _luhn_numbers(numbers: pl.Series) -> pl.Series:
    rest = numbers.fill_null(-1).to_numpy().astype(np.int64, copy=True)
    valid = rest >= 0
    rest[~valid] = 0
    total = np.zeros(len(rest), dtype=np.int64)
    for position in range(10, -1, -1):  # from the last digit (position 10) to the first
        rest, digit = np.divmod(rest, 10)
        total += _DOUBLED[digit] if position % 2 == 1 else digit
    return pl.Series(valid & (total % 10 == 0), dtype=pl.Boolean)


def _identity_fine() -> pl.Expr:
    kind, identifier, national = pl.col(TYPE), pl.col(ID), pl.col(NATIONAL)
    rpps = (kind == "8") & identifier.str.contains(r"^[0-9]{11}$") & _luhn_ok(identifier)
    adeli = (kind == "0") & identifier.str.contains(r"^[0-9A-Za-z]{9}$")
    return (rpps | adeli) & ((national == "") | (national == kind + identifier))


def _activity_reason(kind: str, identifier: str, national: str, profession: str, last: str) -> str | None:  # fmt: skip
    problem = identifier_problem(kind, identifier, national)
    if problem is None and not profession:
        problem = "empty profession code"
    if problem is None and not last:
        problem = "empty last name"
    return problem


def with_problems(frame: pl.DataFrame, activity: bool) -> pl.DataFrame:
    """``frame`` with a ``problem`` column: the reason a checked row would be rejected, else null."""
    fine = _identity_fine()
    if activity:
        fine = fine & (pl.col(PROFESSION) != "") & (pl.col(LAST_NAME) != "")
    flags = frame.select(fine.fill_null(value=False)).to_series()
    problems = pl.Series(PROBLEM, [None] * frame.height, dtype=pl.String)
    suspects = (~flags).arg_true()
    if len(suspects):
        columns = [TYPE, ID, NATIONAL, *((PROFESSION, LAST_NAME) if activity else ())]
        rows = frame[suspects].select(columns).rows()
        reasons = [_activity_reason(*row) if activity else identifier_problem(*row) for row in rows]
        problems = problems.scatter(suspects, pl.Series(reasons, dtype=pl.String))
    return frame.with_columns(problems)


def rejected_rows(frame: pl.DataFrame, last_ok: str) -> tuple[pl.Series, str]:
    """Which rows the run rule rejects, and the identifier the next chunk continues from."""
    if frame.height == 0:
        return pl.Series("rejected", [], dtype=pl.Boolean), last_ok
    if frame[PROBLEM].null_count() == frame.height:  # the usual chunk: nothing to reject
        return pl.Series("rejected", [False] * frame.height), frame[ID][-1]
    identifier, ok = pl.col(ID), pl.col(PROBLEM).is_null()
    starts = (identifier != identifier.shift(1)).fill_null(value=True) | (identifier == "")
    run = starts.cum_sum()
    first_id = frame[ID][0]
    carried = (
        pl.when((run == 1) & pl.lit(bool(last_ok) and first_id == last_ok)).then(1).otherwise(0)
    )
    good_before = ok.cast(pl.Int32).cum_sum().over(run) + carried
    rejected = frame.select((~ok & (good_before == 0)).alias("rejected")).to_series()
    last_kept = not rejected[-1]
    return rejected, (frame[ID][-1] if last_kept else "")
