"""Official documents in and out.

`documents.importer` reads a measures plan from the Word, Excel, CSV or text files an
organization already has; the report writers (6-/12-month reports) live beside it, because both
share Thai dates, tables and fonts. Nothing here imports `bot/`: the command line and the web
pages call in, never the other way round.
"""
