"""Shop credentials at rest: one Fernet token per shop, under the keys from the settings (MultiFernet: the first
key encrypts, every listed key decrypts, so keys rotate by putting a new one first)."""

from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from backend.settings import get_settings


class UnreadableCredentials(Exception):
    """The stored token was made under a key no longer in the settings."""


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in get_settings().shops.credential_keys])


def seal(secrets: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(secrets, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise UnreadableCredentials("The shop's credentials were encrypted with a key that is no longer configured; "
                                    "enter them again") from None


def reseal(token: str) -> str:
    """The same credentials under the newest key."""
    return _fernet().rotate(token.encode()).decode() if token else token
