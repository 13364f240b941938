"""Batch scanning of JSONL/CSV exports: stream posts in, stream one JSON result per line out.

A bad line (invalid JSON, missing ``text``, a field too long) becomes a ``LineError`` with its line
number; the run goes on. Nothing holds more than one scoring batch in memory, except ``--account``
mode, which must gather each handle's posts before it can combine them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from pydantic import ValidationError

from vigie.scan.schemas import AccountIn, PostIn
from vigie.scan.services import Scanner

CSV_FIELD_LIMIT = 1_000_000  # a post's cell may be long; the schema then rejects it cleanly
FORMATS = ("jsonl", "csv")


@dataclass(frozen=True, slots=True)
class LineError:
    line_no: int
    reason: str


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "post"
    return f"{where}: {first.get('msg', 'invalid')}"


def _post(data: object, line_no: int) -> PostIn | LineError:
    if not isinstance(data, dict):
        return LineError(line_no, "expected a JSON object with a 'text' field")
    try:
        return PostIn.model_validate({k: v for k, v in data.items() if v not in ("", None)})
    except ValidationError as exc:
        return LineError(line_no, _validation_reason(exc))


def read_jsonl(lines: Iterable[str]) -> Iterator[PostIn | LineError]:
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield LineError(line_no, f"invalid JSON: {exc}")
            continue
        yield _post(data, line_no)


def read_csv(lines: Iterable[str]) -> Iterator[PostIn | LineError]:
    """CSV with a header row naming the post fields; ``line_no`` counts physical lines."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield LineError(1, "the CSV header must name a 'text' column")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield LineError(reader.line_num, f"invalid CSV: {exc}")
            continue
        if None in row:
            yield LineError(reader.line_num, "more cells than header columns")
            continue
        yield _post(row, reader.line_num)


def read_posts(stream: IO[str], fmt: str) -> Iterator[PostIn | LineError]:
    return read_csv(stream) if fmt == "csv" else read_jsonl(stream)


def only_posts(
    items: Iterable[PostIn | LineError], on_error: Callable[[LineError], None]
) -> Iterator[PostIn]:
    for item in items:
        if isinstance(item, LineError):
            on_error(item)
        else:
            yield item


def group_accounts(posts: Iterable[PostIn]) -> Iterator[AccountIn]:
    """Gather posts by handle (first non-empty bio wins), in order of first appearance."""
    groups: dict[str, tuple[list[PostIn], list[str]]] = {}
    for post in posts:
        handle = post.handle or "(no handle)"
        items, bios = groups.setdefault(handle, ([], []))
        items.append(post)
        if post.bio and not bios:
            bios.append(post.bio)
    for handle, (items, bios) in groups.items():
        first = items[0]
        yield AccountIn.model_construct(
            handle=handle, platform=first.platform, bio=bios[0] if bios else None, posts=items
        )


def scan_lines(
    scanner: Scanner,
    items: Iterable[PostIn | LineError],
    *,
    account: bool,
    on_error: Callable[[LineError], None],
) -> Iterator[str]:
    """One JSON document per result, in input order."""
    posts = only_posts(items, on_error)
    if account:
        for acc in group_accounts(posts):
            yield scanner.scan_account(acc).model_dump_json()
        return
    for result in scanner.scan_posts(posts):
        yield result.model_dump_json()
