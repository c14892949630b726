"""SQLAlchemy models, the session, and migrations. Imports nothing else of ours."""

from models.base import Base, utcnow
from models.console import ConsoleAudit, ConsoleLink, ConsoleSession, StagedPlan
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
    "ConsoleAudit",
    "ConsoleLink",
    "ConsoleSession",
    "FiscalYear",
    "InboxEvent",
    "Invite",
    "Measure",
    "MeasureRef",
    "MeasureUnit",
    "Membership",
    "OrgHoliday",
    "Organization",
    "OutboxMessage",
    "Person",
    "ReminderPolicy",
    "Role",
    "ScheduledSend",
    "SentMessage",
    "StagedPlan",
    "Status",
    "StatusChange",
    "SweepMark",
    "Task",
    "Unit",
    "utcnow",
]
