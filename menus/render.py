"""Drawing a role's rich-menu image: one tile per button, Thai labels in Sarabun."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from menus.definitions import HEIGHT, MENUS, WIDTH, cells
from scheduler.charts import thai_font

TILE_COLOURS = ("#06A847", "#0B8F3E", "#1E6FB8", "#155A96", "#7B4FB8", "#5E3D8F")
GAP = 8


@lru_cache(maxsize=8)
def render_menu(role: str) -> bytes:
    """PNG bytes (well under LINE's 1 MB limit: flat colours compress to a few tens of KB)."""
    buttons = MENUS[role]
    image = Image.new("RGB", (WIDTH, HEIGHT), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    font_path = str(thai_font())
    tiles = cells(len(buttons))
    big = ImageFont.truetype(font_path, 120 if len(buttons) <= 3 else 104)
    small = ImageFont.truetype(font_path, 54 if len(buttons) <= 3 else 48)
    for i, (button, (x, y, w, h)) in enumerate(zip(buttons, tiles, strict=True)):
        draw.rounded_rectangle((x + GAP, y + GAP, x + w - GAP, y + h - GAP), radius=36,
                               fill=TILE_COLOURS[i % len(TILE_COLOURS)])
        centre_x, centre_y = x + w / 2, y + h / 2
        draw.text((centre_x, centre_y - h * 0.08), button.label, font=big, fill="#FFFFFF",
                  anchor="mm")
        draw.text((centre_x, centre_y + h * 0.22), button.hint, font=small, fill="#E8F5E9",
                  anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
