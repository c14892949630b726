"""SQLAlchemy models, the session, and migrations. Imports nothing else of ours."""

from models.base import Base, utcnow
from models.credentials import OrgCredentials
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
from models.schedule import (
    BudgetMonth,
    ChartImage,
    OrgHoliday,
    ReminderPolicy,
    ScheduledSend,
    SweepMark,
)

__all__ = [
    "ORG_WIDE_ROLES",
    "ActionToken",
    "Base",
    "BudgetMonth",
    "ChartImage",
    "ChatGroup",
    "FiscalYear",
    "InboxEvent",
    "Invite",
    "Measure",
    "MeasureRef",
    "MeasureUnit",
    "Membership",
    "OrgCredentials",
    "OrgHoliday",
    "Organization",
    "OutboxMessage",
    "Person",
    "ReminderPolicy",
    "Role",
    "ScheduledSend",
    "SentMessage",
    "Status",
    "StatusChange",
    "SweepMark",
    "Task",
    "Unit",
    "utcnow",
]
