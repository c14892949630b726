"""The Thai message parser: pure functions, no I/O, imports nothing else of ours.

Other layers may import from here (the importer reads the same Thai dates and digits).
"""
