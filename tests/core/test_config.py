from __future__ import annotations

from pathlib import Path

import pytest

from vigie.config import Environment, Settings


def test_defaults_to_sqlite_file_in_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'vigie.sqlite3'}"


def test_reads_vigie_prefixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VIGIE_REGISTRY_REJECT_THRESHOLD", "0.05")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.registry_reject_threshold == 0.05


@pytest.mark.parametrize("secret", ["", "changeme", "  "])
def test_production_refuses_missing_or_placeholder_secret(secret: str) -> None:
    with pytest.raises(ValueError, match="VIGIE_SECRET_KEY"):
        Settings(environment=Environment.PRODUCTION, secret_key=secret)


def test_development_generates_a_random_secret() -> None:
    first, second = Settings().secret_key, Settings().secret_key
    assert len(first) > 40
    assert first != second
