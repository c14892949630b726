"""An organization's LINE channel credentials, stored encrypted.

Every secret column holds ciphertext written by `operations.secrets` (Fernet); this module
never sees a key or a plain value. One row per organization that has its own channel;
the environment's default organization may have none (its credentials come from
LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class OrgCredentials(Base):
    """`access_token` is either a long-lived token (no expiry) or the current short-lived
    v2.1 token issued from `assertion_key`, refreshed before `token_expires_at`."""

    __tablename__ = "org_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    channel_secret: Mapped[str] = mapped_column(Text)  # ciphertext
    access_token: Mapped[str | None] = mapped_column(Text)  # ciphertext
    token_expires_at: Mapped[datetime | None]
    assertion_kid: Mapped[str | None] = mapped_column(String(128))
    assertion_key: Mapped[str | None] = mapped_column(Text)  # ciphertext of a private JWK
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"OrgCredentials(org_id={self.org_id!r})"
