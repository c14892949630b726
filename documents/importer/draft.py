"""What an import would create, as plain dataclasses: the dry run prints them, the store
writes them. Their JSON form is the contract of `python -m bot import --json`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Source:
    """Where a measure or warning came from. `line` is the 1-based line of the text file,
    or the 1-based row number for .docx (counted over all tables in order), .xlsx and .csv."""

    file: str
    line: int

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line}


@dataclass
class TaskDraft:
    """One work item (not multiplied by units: the store makes one Task per unit).

    `status_given` says the document stated the status (ticks, a done date, a results
    text, a status cell); only then may a re-import change a stored task's status.
    """

    key: str
    title: str
    due: date | None
    status: str = "not_started"
    done_on: date | None = None
    status_given: bool = False
    recurring: bool = False
    item_no: int | None = None

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "done_on": self.done_on.isoformat() if self.done_on else None,
        }


@dataclass
class MeasureDraft:
    key: str
    title: str
    tool: str | None
    indicator: int | None
    refs: list[str]
    units: list[str]
    source: Source
    sections: dict[str, str] = field(default_factory=dict)
    steps: str = ""
    tasks: list[TaskDraft] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "tool": self.tool,
            "indicator": self.indicator,
            "refs": list(self.refs),
            "units": list(self.units),
            "tasks": [t.to_json() for t in self.tasks],
            "source": self.source.to_json(),
        }


@dataclass(frozen=True)
class Notice:
    """A warning for the coordinator's review (the import still goes ahead)."""

    source: Source | None
    message: str

    def to_json(self) -> dict:
        return {"source": self.source.to_json() if self.source else None, "message": self.message}


@dataclass
class PlanDraft:
    file: str
    organization: str | None
    fiscal_year: int | None
    measures: list[MeasureDraft] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    # Units named by the document that the organization does not have yet.
    new_units: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "organization": self.organization,
            "fiscal_year": self.fiscal_year,
            "measures": [m.to_json() for m in self.measures],
            "warnings": [w.to_json() for w in self.warnings],
        }

    @property
    def task_count(self) -> int:
        return sum(len(m.tasks) for m in self.measures)
