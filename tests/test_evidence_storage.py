"""The evidence package on its own: streaming intake with its cap, local storage, and the
S3 path at the contract level (botocore's Stubber checks each call and its parameters;
no bucket is reached, so a real S3-compatible service is not exercised here)."""

from __future__ import annotations

import io
from pathlib import Path

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from evidence.intake import (
    DOCX,
    XLSX,
    Refused,
    check_before_fetch,
    declared_type,
    store_stream,
)
from evidence.storage import LocalStorage, S3Storage


@pytest.mark.parametrize("kind, name, expected", [
    ("image", None, "image/jpeg"),
    ("video", None, "video/mp4"),
    ("file", "คำสั่ง.PDF", "application/pdf"),
    ("file", "แผน.docx", DOCX),
    ("file", "งบ.xlsx", XLSX),
    ("file", "old.doc", "application/msword"),
    ("file", "noext", None),
])
def test_declared_types(kind, name, expected):
    assert declared_type(kind, name) == expected


@pytest.mark.parametrize("kind, name, size", [
    ("file", "old.doc", 10), ("file", "a.zip", 10), ("file", "x.pdf", 21 * 1024 * 1024),
    ("audio", None, None),
])
def test_refused_before_any_download(kind, name, size):
    with pytest.raises(Refused):
        check_before_fetch(kind, name, size)


def test_a_stream_over_the_cap_is_refused_and_leaves_nothing(tmp_path):
    storage = LocalStorage(tmp_path / "store")
    chunks = (b"x" * 1000 for _ in range(20))
    with pytest.raises(Refused):
        store_stream(chunks, org_id=1, expected_type="image/jpeg", served_type="image/jpeg",
                     storage=storage, spool_dir=tmp_path / "spool", max_bytes=10_000)
    assert list((tmp_path / "spool").iterdir()) == [] and not (tmp_path / "store").exists()


def test_a_stream_is_hashed_and_stored_under_its_content_address(tmp_path):
    storage = LocalStorage(tmp_path / "store")
    stored = store_stream([b"ab", b"c"], org_id=7, expected_type="application/pdf",
                          served_type="application/octet-stream", storage=storage,
                          spool_dir=tmp_path / "spool")
    assert stored.key == f"7/ba/{stored.sha256}" and stored.size == 3
    assert stored.content_type == "application/pdf"
    assert storage.open(stored.key).read() == b"abc"


def test_local_storage_never_leaves_its_directory(tmp_path):
    storage = LocalStorage(tmp_path / "store")
    with pytest.raises(KeyError):
        storage.open("../../etc/passwd")


def _stubbed_s3():
    client = boto3.client("s3", region_name="ap-southeast-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    return client, Stubber(client)


def test_s3_put_sends_the_file_with_its_key_and_type(tmp_path):
    client, stub = _stubbed_s3()
    source = tmp_path / "f"
    source.write_bytes(b"%PDF-1.7")
    stub.add_response("put_object", {"ETag": '"e"'},
                      {"Bucket": "ita-evidence", "Key": "1/ab/abc", "Body": ANY,
                       "ContentType": "application/pdf"})
    with stub:
        S3Storage("ita-evidence", client=client).put("1/ab/abc", Path(source), "application/pdf")
    stub.assert_no_pending_responses()


def test_s3_open_streams_the_object_and_unknown_keys_are_key_errors():
    client, stub = _stubbed_s3()
    body = StreamingBody(io.BytesIO(b"photo"), 5)
    stub.add_response("get_object", {"Body": body}, {"Bucket": "b", "Key": "k"})
    stub.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404,
                          expected_params={"Bucket": "b", "Key": "missing"})
    with stub:
        storage = S3Storage("b", client=client)
        assert storage.open("k").read() == b"photo"
        with pytest.raises(KeyError):
            storage.open("missing")


def test_s3_delete_removes_the_object_of_a_withdrawn_file():
    client, stub = _stubbed_s3()
    stub.add_response("delete_object", {}, {"Bucket": "b", "Key": "1/ab/abc"})
    with stub:
        S3Storage("b", client=client).delete("1/ab/abc")
    stub.assert_no_pending_responses()


def test_local_delete_removes_the_file_and_a_second_delete_is_harmless(tmp_path):
    storage = LocalStorage(tmp_path)
    source = tmp_path / "incoming"
    source.write_bytes(b"photo")
    storage.put("1/ab/abc", source, "image/jpeg")
    storage.delete("1/ab/abc")
    storage.delete("1/ab/abc")
    with pytest.raises(KeyError):
        storage.open("1/ab/abc")
