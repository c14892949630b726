"""Queries more than one layer needs: which fiscal year is current, which tasks are whose."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models.org import FiscalYear, Organization, Person
from models.plan import Measure, MeasureRef, Status, Task


def org_by_slug(session: Session, slug: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.slug == slug))


def person_by_line_id(session: Session, org_id: int, line_user_id: str | None) -> Person | None:
    if not line_user_id:
        return None
    return people_by_line_ids(session, {(org_id, line_user_id)}).get((org_id, line_user_id))


def people_by_line_ids(session: Session, keys: set[tuple[int, str]]) -> dict[tuple[int, str], Person]:
    """Active people by (organization, LINE id), with their memberships, in one query."""
    if not keys:
        return {}
    found = session.scalars(
        select(Person)
        .options(joinedload(Person.memberships))
        .where(Person.org_id.in_({org for org, _ in keys}),
               Person.line_user_id.in_({user for _, user in keys}), Person.active)
    ).unique()
    return {key: person for person in found
            if (key := (person.org_id, person.line_user_id)) in keys}


def active_fiscal_year(session: Session, org_id: int, today: date) -> FiscalYear | None:
    """The fiscal year that contains today, else the most recent one planned."""
    years = session.scalars(
        select(FiscalYear).where(FiscalYear.org_id == org_id).order_by(FiscalYear.year_be.desc())
    ).all()
    for fy in years:
        if fy.starts_on <= today <= fy.ends_on:
            return fy
    return years[0] if years else None


def tasks_query(org_id: int, fiscal_year_id: int | None, unit_ids: Iterable[int] | None = None,
                refs: Iterable[str] | None = None, indicator: int | None = None,
                open_only: bool = False):
    """A select of tasks with their measure and unit loaded; None for unit_ids means all units."""
    query = (
        select(Task)
        .join(Measure, Task.measure_id == Measure.id)
        .options(joinedload(Task.measure).selectinload(Measure.refs), joinedload(Task.unit))
        .where(Task.org_id == org_id)
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
    )
    if fiscal_year_id is not None:
        query = query.where(Measure.fiscal_year_id == fiscal_year_id)
    if unit_ids is not None:
        query = query.where(Task.unit_id.in_(list(unit_ids)))
    if refs:
        query = query.where(
            Measure.id.in_(select(MeasureRef.measure_id).where(MeasureRef.ref.in_(list(refs))))
        )
    if indicator is not None:
        query = query.where(Measure.indicator == indicator)
    if open_only:
        query = query.where(Task.status != Status.DONE)
    return query
