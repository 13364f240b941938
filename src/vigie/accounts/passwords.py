"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigie.errors import InvalidInput

MIN_LENGTH = 12
MIN_DISTINCT = 5  # "aaaaaaaaaaaa" or "abababababab" are long and guessed first
MAX_LENGTH = 1024  # argon2 accepts anything; a cap keeps a megabyte "password" from costing CPU

_hasher = PasswordHasher()

# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("vigie-timing-equaliser")


# The rules as the forms state them (one sentence, so the page and the check cannot drift).
RULES = (
    f"Au moins {MIN_LENGTH} caractères, dont {MIN_DISTINCT} différents, sans votre adresse "
    "e-mail. Une phrase de plusieurs mots est plus sûre et plus facile à retenir."
)


def check_strength(password: str, email: str = "") -> None:
    """Length and variety only (no composition rules: NIST SP 800-63B), plus not the address."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.",
            details={"field": "password"},
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput("Le mot de passe est trop long.", details={"field": "password"})
    if len(set(password)) < MIN_DISTINCT:
        raise InvalidInput(
            f"Le mot de passe doit compter au moins {MIN_DISTINCT} caractères différents.",
            details={"field": "password"},
        )
    local = email.partition("@")[0].lower()
    if email and (
        email.lower() in password.lower() or (len(local) >= 4 and local in password.lower())
    ):
        raise InvalidInput(
            "Le mot de passe ne doit pas contenir votre adresse e-mail.",
            details={"field": "password"},
        )


def hash_password(password: str, email: str = "") -> str:
    check_strength(password, email)
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
