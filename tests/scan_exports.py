"""A batch-scan export with every kind of bad line, shared by the reader and CLI tests."""

from __future__ import annotations

import json

JSONL = "\n".join(
    [
        json.dumps({"text": "Promo lèvres 1ml 150€ dispo en mp", "id": "a", "handle": "@x"}),
        "not json",
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"text": "x" * 10_001}),
        json.dumps(["a", "list"]),
        json.dumps(
            {
                "text": "Cabinet du Dr Martin, consultation sur Doctolib",
                "id": "b",
                "handle": "@y",
                "platform": "instagram",
            }
        ),
        json.dumps(
            {"text": "Botox 3 zones 200€, snap", "id": "c", "handle": "@x", "bio": "injectrice"}
        ),
    ]
)
