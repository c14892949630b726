"""Where the Sarabun font files are: the `fontpkg-sarabun` package (requirements.txt), so
the PDF renders the same on every machine without Debian font packages. THAI_FONT_DIR may
point at another folder holding Sarabun-Regular.ttf and Sarabun-Bold.ttf."""

from __future__ import annotations

import contextlib
import os
from functools import cache
from importlib.resources import files
from pathlib import Path

FAMILY = "Sarabun"


class FontMissing(RuntimeError):
    pass


@cache
def sarabun(weight: str = "Regular") -> Path:
    folders = [Path(os.environ["THAI_FONT_DIR"])] if os.environ.get("THAI_FONT_DIR") else []
    with contextlib.suppress(ModuleNotFoundError):  # the package is optional if THAI_FONT_DIR is set
        folders.append(Path(str(files("fontpkg_sarabun") / "files")))
    for folder in folders:
        path = folder / f"Sarabun-{weight}.ttf"
        if path.is_file():
            return path
    raise FontMissing("Sarabun not found: pip install fontpkg-sarabun (requirements.txt)")
