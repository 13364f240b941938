"""The synthetic registry generator: invented people in the exact file layout of the real extract.

``vigie registry synth`` and the demo write files through ``write``; the tests and benchmarks use
the same files, so no real person's data is ever needed. ``extract`` writes the three files,
``people`` draws a person, ``names`` and ``codes`` hold the pools they are drawn from, and
``demo_people`` the few fixed practitioners present in every extract.
"""

from vigie.registry.synth.extract import (
    DEFAULT_SEED,
    DEMO_PRACTITIONERS,
    DemoPractitioner,
    SynthResult,
    demo_practitioners,
    write,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PRACTITIONERS",
    "DemoPractitioner",
    "SynthResult",
    "demo_practitioners",
    "write",
]
