"""The benchmark's queries: registry names damaged the way people type them, in five kinds.

- ``typo``: one edit (substitution, deletion, insertion or swap of two letters) in one name word;
- ``accents``: accents and case dropped (``elodie bellamy roche``);
- ``swapped``: last name first (``BELLAMY-ROCHE Élodie``);
- ``partial``: one part of a compound surname only (``Élodie Bellamy``);
- ``combined``: all of the above at once.

A typo that turns the name into another registered person's exact name is redrawn: such a query is
a correct spelling of somebody else, not a misspelling of the target. Likewise a partial compound
surname is only asked for when ``first name + that part`` is nobody's full name (``Isabelle Martin``
for ``Isabelle BERNARD-MARTIN`` names hundreds of Isabelle MARTIN first), and never by a one-letter
part (``Patrick N`` for Patrick N DOYE: an initial, which the search reads as *n°*). A hit is the
target, or a person no name-only search could rank below it: whose name holds every word of the
undamaged query and has as many words as the target's (homonyms; the strict, target-only figure is
printed too).
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass

from vigie.registry.normalize import PARTICLES, fold, name_tokens

KINDS = ("typo", "accents", "swapped", "partial", "combined")


@dataclass(frozen=True, slots=True)
class Person:
    key: int
    identifier: str
    last_name: str
    first_name: str

    @property
    def name_key(self) -> tuple[str, ...]:
        return tuple(sorted(name_tokens(self.last_name) + name_tokens(self.first_name)))


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    text: str
    target: Person
    answer_key: tuple[str, ...]  # folded words of the query before any typo

    def accepts(self, name_key: tuple[str, ...]) -> bool:
        """Is a person with this name as good an answer as the target, for a name-only search?"""
        return len(name_key) == len(self.target.name_key) and set(self.answer_key) <= set(name_key)


def make_queries(
    persons: Sequence[Person], count: int, names: set[tuple[str, ...]], seed: int = 7
) -> list[Query]:
    """``count`` queries, an equal share per kind, targets drawn uniformly (seeded)."""
    rng = random.Random(seed)
    compound = {p.key: parts for p in persons if (parts := _distinct_parts(p, names))}
    pool = [p for p in persons if p.key in compound]
    queries: list[Query] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        partial = kind in ("partial", "combined") and bool(pool)
        person = rng.choice(pool if partial else persons)
        part = rng.choice(compound[person.key]) if partial else None
        queries.append(_query(kind, person, part, rng, names))
    return queries


def _distinct_parts(person: Person, names: set[tuple[str, ...]]) -> list[str]:
    """Parts of a compound surname that, with the first name, are nobody's full name.

    A one-letter part (the ``N`` of ``N DOYE``) is not asked: nobody searches for a person by an
    initial, and the search reads a lone ``n`` as the abbreviation of *numéro*.
    """
    words = person.last_name.replace("-", " ").split()
    if len(name_tokens(person.last_name)) < 2:
        return []
    first = name_tokens(person.first_name)
    return [
        word
        for word in words
        if len(fold(word)) > 1
        and fold(word) not in PARTICLES
        and tuple(sorted(first + name_tokens(word))) not in names
    ]


def _query(
    kind: str, person: Person, part: str | None, rng: random.Random, names: set[tuple[str, ...]]
) -> Query:
    last, first = person.last_name, person.first_name
    if part is not None:
        last = part
    answer_key = tuple(sorted(name_tokens(last) + name_tokens(first)))
    if kind in ("typo", "combined"):
        first, last = _typo(first, last, rng, names, person)
    text = f"{first} {last}"
    if kind in ("swapped", "combined"):
        text = f"{last} {first}"
    if kind in ("accents", "combined"):
        text = fold(text)
    return Query(kind, text, person, answer_key)


def _typo(
    first: str, last: str, rng: random.Random, names: set[tuple[str, ...]], person: Person
) -> tuple[str, str]:
    for _attempt in range(20):
        in_last = rng.random() < 0.6
        word = last if in_last else first
        damaged = _edit(word, rng)
        new_first, new_last = (first, damaged) if in_last else (damaged, last)
        key = tuple(sorted(name_tokens(new_last) + name_tokens(new_first)))
        if damaged != word and (key not in names or key == person.name_key):
            return new_first, new_last
    return first, last


def _edit(word: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word
    at = rng.choice(letters[1:])
    op = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice(string.ascii_lowercase)
    letter = letter.upper() if word[at].isupper() else letter
    if op == "sub":
        return word[:at] + letter + word[at + 1 :]
    if op == "del":
        return word[:at] + word[at + 1 :]
    if op == "ins":
        return word[:at] + letter + word[at:]
    if at + 1 < len(word) and word[at + 1].isalpha():
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + letter + word[at + 1 :]
