"""Where evidence bytes live, behind one small interface.

`LocalStorage` keeps files in a directory (local mode, single-server deployments);
`S3Storage` keeps them in an S3-compatible bucket through boto3 (AWS's own client, which
also speaks to MinIO, Cloudflare R2, Wasabi… via `endpoint_url`). Keys are content
addresses (`<org>/<sha256>`), so the same file sent twice is stored once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol


class Storage(Protocol):
    def put(self, key: str, source: Path, content_type: str) -> None:
        """Store the file at `source` (a finished temporary file) under `key`."""

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the stored bytes; KeyError when the key is unknown."""

    def delete(self, key: str) -> None:
        """Remove the bytes (a withdrawn file); nothing happens when they are already gone."""


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise KeyError(key)  # a key never climbs out of the root
        return path

    def put(self, key: str, source: Path, content_type: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            return  # same key, same content
        try:
            os.replace(source, target)  # same file system: a rename, no copy
        except OSError:
            shutil.copyfile(source, target)

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """An S3-compatible bucket. Tested at the contract level (botocore's Stubber checks the
    calls and their parameters); no real bucket is reached in tests."""

    def __init__(self, bucket: str, client=None, endpoint_url: str | None = None) -> None:
        if client is None:
            import boto3  # imported only when a bucket is configured

            client = boto3.client("s3", endpoint_url=endpoint_url)
        self.bucket, self.client = bucket, client

    def __repr__(self) -> str:
        return f"S3Storage({self.bucket!r})"

    def put(self, key: str, source: Path, content_type: str) -> None:
        with Path(source).open("rb") as body:  # streamed from disk, not read into memory
            self.client.put_object(Bucket=self.bucket, Key=key, Body=body,
                                   ContentType=content_type)

    def open(self, key: str) -> BinaryIO:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.NoSuchKey:
            raise KeyError(key) from None
        return answer["Body"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)  # S3 answers 204 when absent


def storage_for(directory: Path, bucket: str | None = None,
                endpoint_url: str | None = None) -> Storage:
    """The bucket when one is configured, else the directory."""
    if bucket:
        return S3Storage(bucket, endpoint_url=endpoint_url)
    return LocalStorage(directory)
