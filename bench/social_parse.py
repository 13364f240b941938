"""Account parsing accuracy on the labelled URL table, per platform, with the old parser beside it.

    uv run python -m bench.social_parse [--table tests/social/url_forms.tsv] [--misses]

A row is right when kind, platform, handle and id type all match the label (for a refusal the
handle and id type are empty). The baseline is the
rule the old ``reports/normalize.py`` followed (the git revision given by ``--baseline-rev``, read
with ``git show`` into a temporary module), scored on the same rows: it knew no ``kind``, so a
refusal counts as right when the label is any refusal. It runs in well under a second.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from vigie.social import parse_account

TABLE = Path(__file__).parents[1] / "tests" / "social" / "url_forms.tsv"
Row = dict[str, str]
Answer = tuple[str, str, str, str]  # kind, platform, handle, id_type


def load_rows(path: Path) -> list[Row]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def expected(row: Row) -> Answer:
    return row["kind"], row["platform"], row["handle"], row["id_type"]


def vigie_answer(row: Row) -> Answer:
    got = parse_account(row["input"], row["platform_hint"] or None).as_dict()
    return got["kind"] or "", got["platform"] or "", got["handle"] or "", got["id_type"] or ""


def old_answer(module: ModuleType) -> Callable[[Row], Answer]:
    def answer(row: Row) -> Answer:
        try:
            key = module.normalise_account(row["platform_hint"] or None, row["input"])
        except Exception:  # the old code raised InvalidInput and, on some URLs, ValueError
            return "refused", "", "", ""
        handle = key.handle.removeprefix("id:")
        id_type = "id" if key.handle.startswith("id:") else "username"
        return "account", key.platform.value, handle, id_type

    return answer


def right(got: Answer, want: Answer) -> bool:
    if got[0] == "refused":
        return want[0] != "account"
    return got == want


def score(rows: list[Row], answer: Callable[[Row], Answer]) -> dict[str, list[int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        platform = row["platform"] or "(none)"
        ok = right(answer(row), expected(row))
        for name in (platform, "all"):
            table[name][0] += ok
            table[name][1] += 1
    return table


def load_old(rev: str) -> ModuleType | None:
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:src/vigie/reports/normalize.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "old_normalize.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_normalize", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--baseline-rev", default="9654230")
    parser.add_argument("--misses", action="store_true", help="List the rows Vigie gets wrong.")
    args = parser.parse_args()
    rows = load_rows(args.table)
    start = time.perf_counter()
    vigie = score(rows, vigie_answer)
    elapsed = time.perf_counter() - start
    old_module = load_old(args.baseline_rev)
    old = score(rows, old_answer(old_module)) if old_module else {}
    print(f"{len(rows)} labelled forms, parsed in {elapsed * 1000:.1f} ms")
    print(f"{'platform':<12} {'rows':>5} {'vigie.social':>13} {'old rule':>9}")
    for name in sorted(vigie, key=lambda n: (n == "all", n)):
        ok, total = vigie[name]
        base = old.get(name)
        base_text = f"{100 * base[0] / base[1]:8.1f}%" if base else "      n/a"
        print(f"{name:<12} {total:>5} {100 * ok / total:12.1f}% {base_text}")
    if args.misses:
        for row in rows:
            got = vigie_answer(row)
            if not right(got, expected(row)):
                print(f"MISS {row['input']!r}: got {got}, want {expected(row)}", file=sys.stderr)


if __name__ == "__main__":
    main()
