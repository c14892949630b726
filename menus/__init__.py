"""Rich menus: the buttons under the chat box for each role (officer, head, executive,
coordinator), their LINE definition and the image the bot draws for them (Pillow, Sarabun).

This package owns what each role's menu holds and how it looks; `bot/menu_sync.py` creates
the menus on LINE and links them to people. Taps come back as postbacks `m=KEY`, answered
by `handlers/menu_taps.py`.
"""
