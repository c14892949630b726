"""Messages the scheduler sends: reminder Flex cards, digests and notices.

Pure functions from plain data to LINE message dicts (the JSON shape LINE documents), so
they are tested without a database or LINE, and the /dev page can show them.
"""
