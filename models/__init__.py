"""SQLAlchemy models, the session, and migrations. Imports nothing else of ours."""

from models.base import Base, utcnow
from models.messaging import InboxEvent, OutboxMessage, SentMessage
from models.org import (
    ORG_WIDE_ROLES,
    ChatGroup,
    FiscalYear,
    Invite,
    Membership,
    Organization,
    Person,
    Role,
    Unit,
)
from models.plan import ActionToken, Measure, MeasureRef, MeasureUnit, Status, StatusChange, Task

__all__ = [
    "ORG_WIDE_ROLES",
    "ActionToken",
    "Base",
    "ChatGroup",
    "FiscalYear",
    "InboxEvent",
    "Invite",
    "Measure",
    "MeasureRef",
    "MeasureUnit",
    "Membership",
    "Organization",
    "OutboxMessage",
    "Person",
    "Role",
    "SentMessage",
    "Status",
    "StatusChange",
    "Task",
    "utcnow",
]
