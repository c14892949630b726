"""LINE credentials encrypted at rest with keys from the environment.

`SECRET_KEY` holds one or more Fernet keys separated by commas, newest first. New values
are encrypted with the first; any listed key decrypts (cryptography's MultiFernet), so a
key is rotated by putting a new one in front, running `python -m bot org rekey`, then
dropping the old one. Fernet (AES-128-CBC + HMAC-SHA256, from the `cryptography` package)
is used rather than our own construction because it authenticates the ciphertext and its
rotation support is exactly what key rotation needs.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

ENV = "SECRET_KEY"


class SecretKeyError(SystemExit):
    """A missing or wrong key: a one-line message that ends start-up cleanly."""


class Vault:
    """Encrypts and decrypts short secrets. Its repr never shows a key."""

    def __init__(self, keys: list[str]) -> None:
        try:
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys])
        except (ValueError, TypeError):
            raise SecretKeyError(
                f"{ENV} is not a list of Fernet keys (make one with "
                "`python -m bot org new-key`)") from None

    def __repr__(self) -> str:
        return "Vault(***)"

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise SecretKeyError(
                f"{ENV} cannot decrypt the stored LINE credentials (wrong key, or the key "
                "they were written with was removed)") from None

    def rotate(self, token: str) -> str:
        """The same value encrypted with the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise SecretKeyError(f"{ENV} cannot decrypt a stored credential to rotate it") from None


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def vault_from_env(env: dict[str, str] | None = None) -> Vault | None:
    """The vault for SECRET_KEY, or None when it is not set."""
    raw = (os.environ if env is None else env).get(ENV, "")
    keys = [k for k in raw.split(",") if k.strip()]
    return Vault(keys) if keys else None


def no_key() -> SecretKeyError:
    return SecretKeyError(f"{ENV} is not set: it encrypts organizations' LINE credentials "
                          "(make one with `python -m bot org new-key`)")


def require_vault(env: dict[str, str] | None = None) -> Vault:
    vault = vault_from_env(env)
    if vault is None:
        raise no_key()
    return vault
