"""Encryption at rest for original note text (Fernet, key rotation via MultiFernet)."""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from service.settings import Settings, get_settings

log = logging.getLogger(__name__)


class KeyError_(RuntimeError):
    """The configured key cannot decrypt stored text (wrong or rotated-out key)."""


def _load_keys(settings: Settings) -> list[bytes]:
    if settings.encryption_key:
        return [k.strip().encode() for k in settings.encryption_key.split(",") if k.strip()]
    key_file = settings.data_dir / "encryption.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
        log.warning("CASELENS_ENCRYPTION_KEY unset: generated %s (back it up; set the variable in production)",
                    key_file)
    return [key_file.read_bytes().strip()]


@lru_cache
def _cipher_for(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def cipher(settings: Settings | None = None) -> MultiFernet:
    return _cipher_for(tuple(_load_keys(settings or get_settings())))


def encrypt_text(text: str, settings: Settings | None = None) -> bytes:
    return cipher(settings).encrypt(text.encode("utf-8"))


def decrypt_text(token: bytes, settings: Settings | None = None) -> str:
    try:
        return cipher(settings).decrypt(bytes(token)).decode("utf-8")
    except InvalidToken as exc:
        raise KeyError_("stored note text cannot be decrypted with the configured key") from exc
