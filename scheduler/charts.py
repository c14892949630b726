"""The executives' chart: one PNG per organization per month, drawn with a Thai font and
kept in the database, served by bot/chart_route.py at /charts/<token>.png until it expires.

The font: Sarabun from the `fontpkg-sarabun` PyPI package (requirements.txt), or a Thai
font installed by Debian (fonts-thai-tlwg, fonts-sipa-arundina), or THAI_FONT=/path.ttf.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from handlers.cards.digest import Counts
from models import ChartImage

CHART_TTL = timedelta(days=45)
DEBIAN_FONTS = (
    "/usr/share/fonts/truetype/tlwg/Laksaman.ttf",  # fonts-tlwg-laksaman-ttf (Sarabun-like)
    "/usr/share/fonts/opentype/tlwg/Laksaman.otf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/opentype/tlwg/Garuda.otf",
    "/usr/share/fonts/truetype/arundina/ArundinaSans.ttf",  # fonts-sipa-arundina
    "/usr/share/fonts/truetype/thai/Sarabun-Regular.ttf",
)
COLOURS = {"done": "#2E7D32", "in_progress": "#F9A825", "not_started": "#B0BEC5",
           "overdue": "#C62828"}
LABELS = {"done": "เสร็จแล้ว", "in_progress": "กำลังดำเนินการ", "not_started": "ยังไม่เริ่ม",
          "overdue": "เลยกำหนด"}


class ThaiFontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def thai_font() -> Path:
    """A font file that has Thai glyphs, or ThaiFontMissing naming what to install."""
    candidates: list[Path] = []
    if os.environ.get("THAI_FONT"):
        candidates.append(Path(os.environ["THAI_FONT"]))
    try:
        from importlib.resources import files

        candidates.append(Path(str(files("fontpkg_sarabun") / "files" / "Sarabun-Regular.ttf")))
    except ModuleNotFoundError:
        pass
    candidates += [Path(p) for p in DEBIAN_FONTS]
    for path in candidates:
        if path.is_file():
            return path
    raise ThaiFontMissing("no Thai font found: pip install fontpkg-sarabun, or apt-get install "
                          "fonts-thai-tlwg, or set THAI_FONT=/path/to/font.ttf")


def render_units_chart(title: str, units: Sequence[tuple[str, Counts]]) -> bytes:
    """Horizontal stacked bars, one per unit: done, in progress, not started, overdue."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    font = font_manager.FontProperties(fname=str(thai_font()), size=11)
    names = [name for name, _ in units][::-1]
    counts = [c for _, c in units][::-1]
    parts = {
        "done": [c.done for c in counts],
        "in_progress": [c.in_progress - _overdue_share(c, "in_progress") for c in counts],
        "not_started": [c.not_started - _overdue_share(c, "not_started") for c in counts],
        "overdue": [c.overdue for c in counts],
    }
    height = max(2.6, 0.55 * len(names) + 1.6)
    fig, ax = plt.subplots(figsize=(8, height), dpi=100)
    left = [0] * len(names)
    for key in ("done", "in_progress", "not_started", "overdue"):
        ax.barh(names, parts[key], left=left, color=COLOURS[key], label=LABELS[key])
        left = [a + b for a, b in zip(left, parts[key], strict=True)]
    for index, count in enumerate(counts):
        ax.text(left[index] + 0.1, index, f"{count.done}/{count.total}", va="center",
                fontproperties=font)
    ax.set_title(title, fontproperties=font)
    for label in ax.get_yticklabels():
        label.set_fontproperties(font)
    ax.set_xlabel("จำนวนงาน", fontproperties=font)
    ax.set_xlim(0, max([*left, 1]) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of tasks: no 2.5
    ax.legend(prop=font, loc="lower right", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _overdue_share(counts: Counts, status: str) -> int:
    """Overdue work is drawn red: take it out of the not-started bar first, then the
    in-progress one, so the bar adds up to the total."""
    from_not_started = min(counts.overdue, counts.not_started)
    if status == "not_started":
        return from_not_started
    return counts.overdue - from_not_started


def store_chart(session: Session, org_id: int, png: bytes, now: datetime,
                caption: str = "") -> str:
    """Keep the image and return its unguessable token."""
    token = secrets.token_urlsafe(32)
    session.add(ChartImage(org_id=org_id, token=token, png=png, caption=caption,
                           created_at=now, expires_at=now + CHART_TTL))
    return token


def purge_expired_charts(session: Session, now: datetime) -> int:
    return session.execute(delete(ChartImage).where(ChartImage.expires_at < now)).rowcount


def chart_url(public_base_url: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/charts/{token}.png"
