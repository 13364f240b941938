"""Batch scan throughput and memory, with the keyword baseline measured on the same posts.

    uv run python -m bench.scan [--posts 20000] [--big 1000000]

Both wall-clock and CPU time are printed: on a shared machine the CPU figure is the one-core rate.

1. Throughput: ``--posts`` posts (corpus texts, shuffled, with ids/handles) scored in one process
   on one core (BLAS threads pinned to 1), no registry cross-checks, through ``Scanner.scan_posts``;
   the plain keyword rule (``evaluation.keyword_rule``) on the same texts.
2. Memory: a ``--big``-post JSONL file generated in /tmp, streamed through the same code path as
   ``vigie scan FILE`` (reader → scanner → one JSON line out, written to /dev/null); resident memory
   sampled along the way must stay flat.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import psutil

from vigie.scan.batch import read_posts, scan_lines
from vigie.scan.evaluation import keyword_rule
from vigie.scan.schemas import PostIn
from vigie.scan.services import default_scanner
from vigie.scan.training import corpus_path, load_rows


def _texts() -> list[str]:
    return [r["text"] for split in ("train", "eval") for r in load_rows(corpus_path(split))]


def _posts(n: int, seed: int = 1) -> list[PostIn]:
    rng = random.Random(seed)
    texts = _texts()
    return [
        PostIn(text=rng.choice(texts), id=str(i), handle=f"@h{rng.randrange(n // 5 + 1)}")
        for i in range(n)
    ]


def throughput(n: int) -> list[tuple[str, int, float, float]]:
    posts = _posts(n)
    scanner = default_scanner()
    list(scanner.scan_posts(posts[:500]))  # warm caches (fold table, compiled patterns)
    start, cpu = time.perf_counter(), time.process_time()
    labels = sum(1 for r in scanner.scan_posts(posts) if r.label.value == "fake_injector")
    vigie = (time.perf_counter() - start, time.process_time() - cpu)
    start, cpu = time.perf_counter(), time.process_time()
    flagged = sum(1 for p in posts if keyword_rule(p.text) == "fake_injector")
    baseline = (time.perf_counter() - start, time.process_time() - cpu)
    load = os.getloadavg()[0]
    print(
        f"  (flagged fake_injector: Vigie {labels}, keyword baseline {flagged}; load average {load:.1f})"
    )
    return [
        ("Vigie scanner (batch, no registry)", n, *vigie),
        ("keyword baseline (2-line rule)", n, *baseline),
    ]


def write_big(path: Path, n: int) -> None:
    rng = random.Random(2)
    texts = _texts()
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(
                json.dumps(
                    {
                        "id": str(i),
                        "handle": f"@h{rng.randrange(50_000)}",
                        "text": rng.choice(texts),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def memory(path: Path, n: int) -> tuple[float, float, list[tuple[int, float]]]:
    process = psutil.Process()
    samples: list[tuple[int, float]] = []
    scanner = default_scanner()
    step = max(n // 10, 1)
    start, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8") as stream, open(os.devnull, "w") as sink:
        for count, line in enumerate(
            scan_lines(scanner, read_posts(stream, "jsonl"), account=False, on_error=print), 1
        ):
            sink.write(line + "\n")
            if count % step == 0:
                samples.append((count, process.memory_info().rss / 2**20))
    return time.perf_counter() - start, time.process_time() - cpu, samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"== throughput, {args.posts} posts, one core ==")
    print(
        f"{'scorer':<40}{'posts':>8}{'wall s':>8}{'CPU s':>8}{'posts/s wall':>14}{'posts/CPU-s':>13}"
    )
    for name, n, wall, cpu in throughput(args.posts):
        print(f"{name:<40}{n:>8}{wall:>8.2f}{cpu:>8.2f}{n / wall:>14,.0f}{n / cpu:>13,.0f}")
    if args.big:
        path = Path(tempfile.gettempdir()) / "vigie-bench-scan.jsonl"
        write_big(path, args.big)
        print(
            f"\n== memory, streaming {args.big} posts from {path} ({path.stat().st_size / 2**20:.0f} MiB) like `vigie scan FILE` =="
        )
        seconds, cpu, samples = memory(path, args.big)
        print(f"{'posts done':>12}{'RSS MiB':>10}")
        for count, rss in samples:
            print(f"{count:>12}{rss:>10.0f}")
        print(
            f"total {seconds:.0f} s wall, {cpu:.0f} s CPU: {args.big / seconds:,.0f} posts/s wall, "
            f"{args.big / cpu:,.0f} posts/CPU-s end to end (JSON in, JSON out)"
        )
        path.unlink()


if __name__ == "__main__":
    main()
