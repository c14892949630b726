"""The link and QR code of an invite: scanning it opens the bot's chat with
`ลงทะเบียน CODE` already typed, so nobody copies a code by hand.

segno draws the QR code as inline SVG: a well-kept, pure-Python library with no image
dependency, and SVG stays sharp on a phone screen and when printed.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import segno


def register_link(basic_id: str, code: str) -> str:
    """LINE's documented `oaMessage` URL scheme: https://line.me/R/oaMessage/{basic id}/?{text}."""
    return f"https://line.me/R/oaMessage/{quote(basic_id, safe='')}/?{quote('ลงทะเบียน ' + code, safe='')}"


def qr_svg(data: str) -> str:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False,
                                     svgns=True, title="QR code")
    return out.getvalue().decode()
