"""Accepting a file as evidence: what may come in, and streaming it into storage.

The bytes flow chunk by chunk from LINE's content API into a temporary file while their
SHA-256 and size are computed, so a 20 MB video is never held in memory, let alone twice.
Anything over the cap or of a type a report cannot cite is refused and nothing is kept.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from evidence.storage import Storage

MAX_BYTES = 20 * 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Content types we keep, and the name a person sees for each.
ALLOWED: dict[str, str] = {
    "image/jpeg": "รูปภาพ", "image/png": "รูปภาพ", "image/gif": "รูปภาพ", "image/webp": "รูปภาพ",
    "image/heic": "รูปภาพ",
    "application/pdf": "ไฟล์ PDF", DOCX: "ไฟล์ Word", XLSX: "ไฟล์ Excel",
    "video/mp4": "วิดีโอ", "video/quicktime": "วิดีโอ",
}
_BY_EXTENSION = {".docx": DOCX, ".xlsx": XLSX, ".pdf": "application/pdf", ".heic": "image/heic"}

TOO_BIG_THAI = "ไฟล์นี้ใหญ่เกิน 20 MB จึงยังไม่ได้เก็บเป็นหลักฐานครับ ลองย่อไฟล์หรือส่งเป็นลิงก์แทนได้"
WRONG_TYPE_THAI = ("ขออภัยครับ เก็บเป็นหลักฐานได้เฉพาะรูปภาพ วิดีโอ ไฟล์ PDF, Word (.docx) "
                   "และ Excel (.xlsx) ไฟล์นี้จึงยังไม่ได้เก็บไว้")


class Refused(Exception):
    """The file cannot be evidence; `thai_message` tells the sender why, politely."""

    def __init__(self, thai_message: str) -> None:
        super().__init__(thai_message)
        self.thai_message = thai_message


@dataclass(frozen=True)
class Stored:
    key: str
    size: int
    sha256: str
    content_type: str


def declared_type(kind: str, file_name: str | None) -> str | None:
    """The content type a message announces: images and videos by their message type,
    files by their name (LINE serves files as application/octet-stream)."""
    if kind == "image":
        return "image/jpeg"
    if kind == "video":
        return "video/mp4"
    if kind == "file" and file_name:
        suffix = Path(file_name).suffix.lower()
        return _BY_EXTENSION.get(suffix) or mimetypes.guess_type(file_name)[0]
    return None


def check_before_fetch(kind: str, file_name: str | None, size: int | None) -> str:
    """The content type to expect, or Refused before a byte is downloaded."""
    content_type = declared_type(kind, file_name)
    if content_type not in ALLOWED:
        raise Refused(WRONG_TYPE_THAI)
    if size is not None and size > MAX_BYTES:
        raise Refused(TOO_BIG_THAI)
    return content_type


def _settled_type(expected: str, served: str | None) -> str:
    """Trust the server's type when it is a specific allowed one, else what was announced."""
    served = (served or "").split(";")[0].strip().lower()
    if served in ALLOWED:
        return served
    if served in ("", "application/octet-stream", "binary/octet-stream"):
        return expected
    raise Refused(WRONG_TYPE_THAI)


def store_stream(chunks: Iterable[bytes], *, org_id: int, expected_type: str,
                 served_type: str | None, storage: Storage, spool_dir: Path,
                 max_bytes: int = MAX_BYTES) -> Stored:
    """Write the chunks to a temporary file (hashing as they pass), then hand the finished
    file to storage. Refused, with nothing kept, when it is too big or of a wrong type."""
    content_type = _settled_type(expected_type, served_type)
    spool_dir.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temp_name = tempfile.mkstemp(prefix="incoming-", dir=spool_dir)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise Refused(TOO_BIG_THAI)
                digest.update(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        key = f"{org_id}/{sha[:2]}/{sha}"
        storage.put(key, temp, content_type)
        return Stored(key=key, size=size, sha256=sha, content_type=content_type)
    finally:
        temp.unlink(missing_ok=True)


def download_name(file_name: str | None, content_type: str, evidence_id: int) -> str:
    """The name a download gets: the sender's file name, or one made from the type."""
    if file_name:
        return file_name
    extension = mimetypes.guess_extension(content_type) or ""
    return f"evidence-{evidence_id}{extension}"
