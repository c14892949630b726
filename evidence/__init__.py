"""Evidence: the photos, PDFs, Word/Excel files and videos officers send in LINE to prove work.

This package owns what may be accepted (types, size cap), streaming the bytes from LINE's
content API into storage while hashing them (`intake`), where the bytes live (`storage`: a
local directory, or an S3-compatible bucket) and the expiring download links (`links`).
It never talks to LINE itself: `bot/` hands it the stream, and it never imports `bot/`.
"""
