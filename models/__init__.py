"""SQLAlchemy models, the session, and migrations. Imports nothing else of ours."""

from models.base import Base, utcnow
from models.console import ConsoleAudit, ConsoleLink, ConsoleSession, StagedPlan
from models.credentials import OrgCredentials
from models.evidence import Evidence, EvidenceLink, MenuLink, RichMenu
from models.local_state import DevTranscript, LocalSetting
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
from models.problems import Problem
from models.report_links import ReportLink
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
    "DevTranscript",
    "Evidence",
    "EvidenceLink",
    "FiscalYear",
    "InboxEvent",
    "Invite",
    "LocalSetting",
    "Measure",
    "MeasureRef",
    "MeasureUnit",
    "Membership",
    "MenuLink",
    "OrgCredentials",
    "OrgHoliday",
    "Organization",
    "OutboxMessage",
    "Person",
    "Problem",
    "ReminderPolicy",
    "ReportLink",
    "RichMenu",
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
