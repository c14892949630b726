"""Report → HTML → PDF. WeasyPrint lays the HTML out with Pango, which shapes Thai with
HarfBuzz, so tone marks and upper vowels stack correctly (sara am, mai tho over a tall
consonant); it repeats a table's <thead> on every page by itself, and needs no office suite
(LibreOffice headless would also work but is a 600 MB install and slow to start)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from documents.report import thai
from documents.report.fonts import sarabun
from documents.report.model import Report


@cache
def _template():
    env = Environment(loader=PackageLoader("documents.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("report.html")


def render_html(report: Report, with_trail: bool = False) -> str:
    title = thai.title_lines(report)
    title_bold = 4 if report.running else 3
    return _template().render(
        title=title, title_bold=title_bold, org=report.org_name,
        year=thai.digits(report.fiscal_year), round_words=f"รอบ {thai.digits(report.round)} เดือน",
        headers=thai.HEADERS,
        groups=[{"heading": thai.group_heading(g.tool, g.indicator, g.name),
                 "rows": [thai.row_cells(r) for r in g.rows]} for g in report.groups],
        summary_headers=thai.SUMMARY_HEADERS, summary=thai.summary_cells(report),
        signers=("ผู้รายงาน", "ผู้บริหาร"),
        trail_headers=thai.TRAIL_HEADERS, trail=thai.trail_cells(report) if with_trail else None,
        font_regular=sarabun("Regular").as_uri(), font_bold=sarabun("Bold").as_uri(),
    )


def render_pdf(report: Report, with_trail: bool = False) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which DOCX and XLSX never need

    return HTML(string=render_html(report, with_trail)).write_pdf()
