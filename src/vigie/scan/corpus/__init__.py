"""The labelled corpus: a seeded composition generator and the JSONL it wrote (train and eval)."""
