"""Each kind of hostile event the fuzzer found, named: beside it in the same body a good text
event is still answered, the hostile one is stored (unreadable, with the reason, or handled
once made safe), and nothing gets a 5xx. Also: the signature covers the exact bytes, and
concurrent copies of one event all get 200."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import select

from models import InboxEvent, OutboxMessage
from tests.harness import sign


def _deep(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


def hostile(bot, case: str) -> object:
    """One hostile event, built from a real one."""
    event = bot.event(text="สถานะ", user="Uhostile")
    cases = {
        "timestamp far future": dict(event, timestamp=10**20),
        "timestamp negative": dict(event, timestamp=-(10**20)),
        "timestamp float max": dict(event, timestamp=1e308),
        "timestamp is text": dict(event, timestamp="1700000000000"),
        "source is text": dict(event, source="Uhostile"),
        "source missing": {k: v for k, v in event.items() if k != "source"},
        "source is a list": dict(event, source=["group"]),
        "NUL in ids and type": dict(event, webhookEventId="01\x00NUL", type="mess\x00age",
                                    source={"type": "user", "userId": "U\x00x"}),
        "NUL in text": dict(event, message=dict(event["message"], text="สถานะ\x00")),
        "lone surrogate in text": dict(event, message=dict(event["message"], text="a\ud800b")),
        "lone surrogate in key": dict(event, webhookEventId="\udfff" * 3),
        "lone surrogate as a field name": dict(event, **{"\ud800": 1}),
        "webhookEventId of 5000 chars": dict(event, webhookEventId="x" * 5000),
        "userId of 400 chars": dict(event, source={"type": "user", "userId": "U" + "0" * 400}),
        "groupId of 400 chars": dict(event, source={"type": "group", "groupId": "C" + "0" * 400,
                                                    "userId": "Uhostile"}),
        "replyToken of 1000 chars": dict(event, replyToken="r" * 1000),
        "nested past our limit": dict(event, extra=_deep(40)),
        "type is a number": dict(event, type=7),
        "event is a number": 42,
        "event is a list": [event],
        "message is null": dict(event, message=None),
        "mention index null": dict(event, message=dict(event["message"], mention={
            "mentionees": [{"index": None, "length": 3, "type": "user", "userId": "U1"}]})),
    }
    return cases[case]


CASES = ["timestamp far future", "timestamp negative", "timestamp float max",
         "timestamp is text", "source is text", "source missing", "source is a list", "NUL in ids and type",
         "NUL in text", "lone surrogate in text", "lone surrogate in key",
         "lone surrogate as a field name", "webhookEventId of 5000 chars", "userId of 400 chars",
         "groupId of 400 chars", "replyToken of 1000 chars", "nested past our limit",
         "type is a number", "event is a number", "event is a list", "message is null",
         "mention index null"]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_event_never_costs_its_neighbour_in_the_same_body(bot, case):
    good = bot.event(text="วิธีใช้", user="Ugood")
    body = json.dumps({"destination": "U", "events": [hostile(bot, case), good]}).encode()
    response = bot.post(body)
    assert response.status_code == 200
    bot.work()
    with bot.rt.factory() as s:
        rows = s.scalars(select(InboxEvent).order_by(InboxEvent.id)).all()
    assert len(rows) == 2, "both events are stored"
    assert rows[1].status == "handled"
    assert rows[0].status in ("handled", "unreadable"), rows[0].error
    assert rows[0].status == "handled" or rows[0].error
    good_replies = [r for r in bot.standin.state.sends() if r.body.get("to") == "Ugood"
                    or r.body.get("replyToken") == good["replyToken"]]
    assert len(good_replies) == 1


def test_nul_and_surrogates_are_cleaned_once_and_the_text_is_still_understood(bot):
    event = bot.event(text="วิธี\x00ใช้\ud800", user="Uclean")
    texts = bot.deliver(event)
    assert texts and "o12 เสร็จแล้ว" in texts[0]  # still understood as the help request
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
    assert row.status == "handled"
    assert json.loads(row.body)["message"]["text"] == "วิธีใช้\ufffd"


def test_join_events_without_a_source_are_kept_unreadable_not_failed(bot):
    """The long fuzz found these: each made a chat group with an empty id, the second failed."""
    joins = [{"type": "join", "mode": "active", "timestamp": 1462629479859, "replyToken": "r",
              "webhookEventId": f"01JOIN{i}", "deliveryContext": {"isRedelivery": False}}
             for i in range(2)]
    bot.deliver(*joins)
    with bot.rt.factory() as s:
        rows = s.scalars(select(InboxEvent)).all()
    assert [(r.status, r.error) for r in rows] == [
        ("unreadable", "unreadable join: no source: neither userId, groupId nor roomId")] * 2


@pytest.mark.parametrize("depth", [2_000, 200_000])
def test_a_body_nested_too_deep_to_parse_is_stored_as_unreadable(bot, depth):
    body = b'{"events": [' + b"[" * depth + b"]" * depth + b"]}"
    assert bot.post(body).status_code == 200
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
    assert (row.status, row.error) == ("unreadable", "JSON nested too deep")


@pytest.mark.parametrize("bad", [b"\xff", b"\x80", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80"])
def test_a_signature_over_other_bytes_that_decode_alike_is_refused(bot, bad):
    """Signed with U+FFFD, sent with an invalid byte in its place: decoding with "replace"
    would make them equal; the bytes are not."""
    event = bot.event(text="o1 เสร็จแล้ว \ufffd")
    signed = json.dumps({"destination": "U", "events": [event]}, ensure_ascii=False).encode()
    sent = signed.replace("\ufffd".encode(), bad)
    assert bot.post(sent, signature=sign(signed)).status_code == 400
    with bot.rt.factory() as s:
        assert s.scalar(select(InboxEvent)) is None


def test_a_correctly_signed_body_that_is_not_utf8_is_kept_byte_for_byte_not_repaired(bot):
    import base64

    body = b'{"destination": "U", "events": [{"type": "message", "x": "\xff\xfe"}]}'
    assert bot.post(body).status_code == 200
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
    assert row.status == "unreadable" and row.error.startswith("not UTF-8")
    assert base64.b64decode(row.body.removeprefix("base64:")) == body


def test_a_signed_body_with_nul_bytes_is_kept_byte_for_byte(bot):
    import base64

    body = b"\x00\x00 not json"
    assert bot.post(body).status_code == 200
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
    assert base64.b64decode(row.body.removeprefix("base64:")) == body


def test_sixteen_concurrent_copies_of_the_same_events_all_get_200_and_are_stored_once(bot):
    events = [bot.event(text="วิธีใช้", user=f"Uc{i}") for i in range(5)]
    body = json.dumps({"destination": "U", "events": events}).encode()
    statuses, start = [], threading.Barrier(16)

    def post() -> None:
        client = bot.app.test_client()
        start.wait()
        statuses.append(client.post("/callback", data=body,
                                    headers={"X-Line-Signature": sign(body)}).status_code)

    threads = [threading.Thread(target=post) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 16
    bot.work()
    with bot.rt.factory() as s:
        assert len(s.scalars(select(InboxEvent)).all()) == 5
        assert len(s.scalars(select(OutboxMessage)).all()) == 5
    assert len(bot.standin.state.sends()) == 5


def test_an_event_the_database_still_refuses_is_kept_in_base64_and_its_neighbour_handled(bot):
    """A last line of defence, should the edge ever miss something a database refuses: the
    body's one INSERT fails, then each event is stored on its own."""
    from unittest import mock

    from sqlalchemy.exc import DataError

    import bot.webhook as webhook

    refusal = DataError("INSERT", {}, Exception("invalid byte sequence"))
    real_one, real_all = webhook.store_event, webhook.store_events

    def refuses_one(session, org_id, *, body, **fields):
        if "refuse me" in body:
            raise refusal
        return real_one(session, org_id, body=body, **fields)

    def refuses_all(conn, rows):
        if any("refuse me" in row["body"] for row in rows):
            raise refusal
        return real_all(conn, rows)

    with mock.patch.object(webhook, "store_event", refuses_one), \
            mock.patch.object(webhook, "store_events", refuses_all):
        texts = bot.deliver(bot.event(text="refuse me", user="Urefused"),
                            bot.event(text="วิธีใช้", user="Ugood"))
    assert len(texts) == 1
    with bot.rt.factory() as s:
        rows = s.scalars(select(InboxEvent).order_by(InboxEvent.id)).all()
    assert [r.status for r in rows] == ["unreadable", "handled"]
    assert rows[0].error == "refused by the database: DataError"
    assert rows[0].body.startswith("base64:")
