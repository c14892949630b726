"""Reading the organization for the console's pages: the organization, its units, the
fiscal year a page shows. Kept apart from the views so each view stays about its page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import FiscalYear, Measure, Organization, Unit


def organization(session: Session, org_id: int) -> Organization:
    return session.get(Organization, org_id)


def units(session: Session, org_id: int) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.org_id == org_id).order_by(Unit.id)))


def fiscal_year(session: Session, org_id: int, year_be: int | None = None) -> FiscalYear | None:
    """The asked-for fiscal year, else the latest one that has measures."""
    query = select(FiscalYear).where(FiscalYear.org_id == org_id)
    if year_be:
        return session.scalar(query.where(FiscalYear.year_be == year_be))
    with_measures = (select(func.count()).select_from(Measure)
                     .where(Measure.fiscal_year_id == FiscalYear.id).scalar_subquery())
    return session.scalars(query.where(with_measures > 0)
                           .order_by(FiscalYear.year_be.desc())).first()


def fiscal_years(session: Session, org_id: int) -> list[int]:
    return list(session.scalars(select(FiscalYear.year_be).where(FiscalYear.org_id == org_id)
                                .order_by(FiscalYear.year_be.desc())))
