"""Shop credentials at rest: sealed under the newest key, readable under every configured key, moved to the newest
key when saved again, and unreadable (with a clear message) once their key is no longer configured."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet

from backend.shops import credentials
from backend.shops.credentials import UnreadableCredentials, reseal, seal, unseal

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def keys(monkeypatch):
    """Sets the configured keys, newest first, as SHOP_CREDENTIAL_KEYS would."""

    def configure(*configured: str) -> None:
        settings = SimpleNamespace(shops=SimpleNamespace(credential_keys=configured))
        monkeypatch.setattr(credentials, "get_settings", lambda: settings)
        credentials._fernet.cache_clear()

    yield configure
    credentials._fernet.cache_clear()


def test_keys_rotate_without_losing_a_credential(keys):
    secrets = {"consumerKey": "ck_1", "consumerSecret": "cs_ü"}
    keys(OLD)
    sealed = seal(secrets)
    assert "ck_1" not in sealed and "cs_" not in sealed
    keys(NEW, OLD)  # a new key put first: the old one still reads
    assert unseal(sealed) == secrets
    moved = reseal(sealed)
    keys(NEW)  # the old key retired: what was saved again still reads, what was not does not
    assert unseal(moved) == secrets
    with pytest.raises(UnreadableCredentials, match="enter them again"):
        unseal(sealed)


def test_nothing_stored_reads_as_no_secrets(keys):
    keys(NEW)
    assert unseal("") == {} and reseal("") == ""
