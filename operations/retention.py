"""How long webhook bodies are kept. They hold what people typed and their LINE ids, and
are needed only until handled (plus a while to investigate a problem): rows older than
INBOX_RETENTION_DAYS (default 90) that are no longer waiting are deleted by the clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models import InboxEvent


def purge_inbox(session: Session, now: datetime, days: int) -> int:
    """Delete handled, ignored, failed and unreadable events received more than `days`
    ago (index ix_inbox_received); pending ones are never deleted. Returns how many."""
    if days <= 0:
        return 0
    result = session.execute(delete(InboxEvent).where(
        InboxEvent.received_at < now - timedelta(days=days), InboxEvent.status != "pending"))
    return result.rowcount or 0
