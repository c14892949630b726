"""The official 6- and 12-month reports of the ITA measures, in the form the organization
publishes (title block, one table grouped by indicator, summary, signatures).

    build_report(session, org_id, fiscal_year, round_, unit_id=None, today=None) -> Report
    render(report, fmt, with_trail=False) -> bytes          fmt: "docx", "pdf", "xlsx"

`model` reads the database once; `thai` words it as the form prints it; `to_docx`, `to_pdf`
and `to_xlsx` only draw, and know nothing of the database.
"""

from __future__ import annotations

from documents.report.model import Report, ReportError, build_report, round_period

FORMATS = ("docx", "pdf", "xlsx")
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report: Report, fmt: str, with_trail: bool = False) -> bytes:
    """The report as a file's bytes; `with_trail` adds the appendix of recorded changes."""
    if fmt == "docx":
        from documents.report.to_docx import render_docx

        return render_docx(report, with_trail)
    if fmt == "pdf":
        from documents.report.to_pdf import render_pdf

        return render_pdf(report, with_trail)
    if fmt == "xlsx":
        from documents.report.to_xlsx import render_xlsx

        return render_xlsx(report, with_trail)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "MIME_TYPES", "Report", "ReportError", "build_report", "render", "round_period"]
