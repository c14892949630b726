"""Every role's rich menu is one LINE accepts: its definition (through the real SDK into
the stand-in), an image of the right size under 1 MB, and buttons the bot can answer."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from handlers.menu_taps import MENU_ACTIONS
from menus.definitions import HEIGHT, MENUS, WIDTH, line_menu, menu_role
from menus.render import render_menu


@pytest.mark.parametrize("role", sorted(MENUS))
def test_the_menu_is_accepted_and_every_button_is_answered(role, gateway, standin):
    png = render_menu(role)
    image = Image.open(io.BytesIO(png))
    assert image.size == (WIDTH, HEIGHT) and len(png) < 1024 * 1024
    menu_id = gateway.create_rich_menu(line_menu(role), png)
    assert standin.state.rich_menu_images[menu_id][0] == png
    for area in standin.state.rich_menus[menu_id]["areas"]:
        bounds = area["bounds"]
        assert bounds["x"] + bounds["width"] <= WIDTH and bounds["y"] + bounds["height"] <= HEIGHT
        assert area["action"]["data"].removeprefix("m=") in MENU_ACTIONS


@pytest.mark.parametrize("roles, menu", [
    ({"officer"}, "officer"),
    ({"officer", "head"}, "head"),
    ({"head", "executive"}, "executive"),
    ({"executive", "coordinator"}, "coordinator"),
    (set(), None),
])
def test_a_person_with_several_roles_gets_the_widest_menu(roles, menu):
    assert menu_role(roles) == menu
