"""The official practitioner registry (Annuaire Santé / RPPS extract): parse, load into snapshots, search, verdicts."""
