"""The coordinator's web console: sign in through LINE, import and correct the plan, watch
the board, manage people, groups, invites and the reminder policy, download reports.

Server-rendered Flask blueprints (one per area, under `console/views/`) with Jinja templates
and one vendored stylesheet; the pages work without JavaScript. `bot/app.py` only calls
`console.web.register(app, ...)`. Sign-in tokens, sessions and the audit log live in
`console/access.py`, which does not import Flask, so the chat handler can issue links.
"""
