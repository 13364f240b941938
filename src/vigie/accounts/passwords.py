"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigie.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 accepts anything; a cap keeps a megabyte "password" from costing CPU

_hasher = PasswordHasher()

# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("vigie-timing-equaliser")


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.",
            details={"field": "password"},
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput("Le mot de passe est trop long.", details={"field": "password"})


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
