"""Hostile webhook bodies, mutated from the real ones in shared/line_fixtures.

Each body is what a broken client or an attacker holding the channel secret could send: a
real body with fields dropped, values of the wrong type, junk Unicode (NUL, lone surrogates,
right-to-left marks), nesting deep enough to exhaust a recursive parser, huge and negative
numbers, ids far longer than LINE's, or no JSON at all. Seeded, so a failure can be replayed
with the same seed. Used by tests/faults (a few hundred bodies) and by
benchmarks/faults/run.py (tens of thousands).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "line_fixtures"

JUNK_TEXT = ["\x00", "a\x00b", "\ud800", "x\udfffy", "\u202e\u200b\ufeff", "😀" * 50,
             "\u0e01\u0e34\u0e4a\u0e4a\u0e4a", "", " ", "null", "\\u0000", "a" * 100_000,
             "o12 เสร็จแล้ว\x00", "\ud83d", "%s%n{0}", "<script>alert(1)</script>"]
JUNK_VALUES: list[Any] = [None, True, 0, -1, 10**20, -(10**20), 2**63, 1e308, -1e308, 0.5,
                          "", [], {}, [None], {"": ""}, "U" + "f" * 1000, 10**400]
ID_FIELDS = ["webhookEventId", "userId", "groupId", "roomId", "replyToken", "id", "type",
             "timestamp", "source", "message", "text", "mode", "deliveryContext"]


def fixtures() -> list[dict]:
    """The parsed fixture bodies that are JSON objects with a list of events."""
    out = []
    for path in sorted(FIXTURES.glob("*.json")):
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(body, dict) and isinstance(body.get("events"), list):
            out.append(body)
    return out


def _containers(value: Any, limit: int = 5000) -> list:
    """Every dict and list in the value (iteratively: a mutation may already have nested it
    deeper than Python's stack), at most `limit` of them."""
    found, stack = [], [value]
    while stack and len(found) < limit:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def _pick_slot(rng: random.Random, body: dict) -> tuple[Any, Any] | None:
    """A random (container, key) somewhere in the body."""
    slots = [(c, k) for c in _containers(body)
             for k in (list(c.keys()) if isinstance(c, dict) else range(len(c)))]
    return rng.choice(slots) if slots else None


def _deep(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def mutate_object(rng: random.Random, body: dict) -> dict:
    """One structural mutation, in place; returns the body."""
    choice = rng.randrange(10)
    slot = _pick_slot(rng, body)
    events = body.get("events")
    if choice == 0 and slot:  # drop a field
        container, key = slot
        if isinstance(container, dict):
            container.pop(key, None)
        else:
            container.pop(key)
    elif choice == 1 and slot:  # a value of the wrong type
        container, key = slot
        container[key] = rng.choice(JUNK_VALUES)
    elif choice == 2 and slot:  # junk Unicode in a string or a key
        container, key = slot
        junk = rng.choice(JUNK_TEXT)
        if isinstance(container, dict) and rng.random() < 0.3:
            container[junk] = container.pop(key)
        else:
            container[key] = junk
    elif choice == 3 and slot:  # nesting: just past our limit, or past Python's stack
        container, key = slot
        container[key] = _deep(rng.choice([20, 200, 3000, 100_000]))
    elif choice == 4 and isinstance(events, list) and events:  # a field LINE always sends
        event = rng.choice(events)
        if isinstance(event, dict):
            event[rng.choice(ID_FIELDS)] = rng.choice(JUNK_VALUES + JUNK_TEXT)
    elif choice == 5 and isinstance(events, list) and events:  # source that is not an object
        event = rng.choice(events)
        if isinstance(event, dict):
            event["source"] = rng.choice(["U1", [], 5, None, {"type": "group", "groupId": 7}])
    elif choice == 6:  # events that are not a list of objects
        body["events"] = rng.choice([{}, "events", 1, None, [1, "x", None, []], [[{}]]])
    elif choice == 7 and isinstance(events, list) and events:  # timestamps out of range
        event = rng.choice(events)
        if isinstance(event, dict):
            event["timestamp"] = rng.choice([10**20, -(10**20), 1e308, -1, 253402300800000,
                                             "1700000000000", 2**64, float("nan")])
    elif choice == 8 and isinstance(events, list) and events:  # ids longer than columns
        event = rng.choice(events)
        if isinstance(event, dict):
            key = rng.choice(["webhookEventId", "replyToken"])
            event[key] = "x" * rng.choice([65, 300, 5000])
            source = event.get("source")
            if isinstance(source, dict):
                source[rng.choice(["userId", "groupId"])] = "U" + "0" * rng.choice([64, 400])
    else:  # copies of one event: the same body twice over
        if isinstance(events, list) and events:
            body["events"] = events + events
    return body


def encode(rng: random.Random, body: Any) -> bytes:
    """JSON bytes, sometimes escaped, sometimes raw UTF-8 (lone surrogates then go out as
    the invalid bytes "surrogatepass" makes), sometimes damaged at the byte level."""
    try:
        if rng.random() < 0.5:
            data = json.dumps(body, ensure_ascii=True, allow_nan=True).encode()
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (RecursionError, ValueError):
        data = b"[" * 50_000 + b"]" * 50_000
    roll = rng.random()
    if roll < 0.04:
        data = data[: rng.randrange(len(data) + 1)]  # cut short
    elif roll < 0.08:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice([b"\xff", b"\x80", b"\xfe", b"\xc0\xaf", b"\x00"]) + data[at:]
    elif roll < 0.10:
        data = rng.choice([b"", b"null", b"[]", b"{}", b"\xef\xbb\xbf{}", b'{"events": 1}',
                           bytes(rng.randrange(256) for _ in range(64))])
    return data


def bodies(n: int, seed: int = 9, fresh_ids: bool = True) -> Iterator[bytes]:
    """n mutated bodies. With fresh_ids each event gets its own webhookEventId first, so
    every body stores new rows (and "was it stored" can be checked per body)."""
    rng = random.Random(seed)
    originals = fixtures()
    for index in range(n):
        body = json.loads(json.dumps(rng.choice(originals)))
        if fresh_ids:
            for number, event in enumerate(body["events"]):
                if isinstance(event, dict):
                    event["webhookEventId"] = f"01FUZZ{seed:04d}{index:08d}{number:04d}"
        for _ in range(rng.choice([1, 1, 2, 3])):
            body = mutate_object(rng, body) if isinstance(body, dict) else body
        yield encode(rng, body)


def expected_keys(body: bytes) -> set[str]:
    """The inbox keys a signed body must leave behind (the app's own key rules)."""
    from handlers.edge import body_key, prepare_event, read_body

    read = read_body(body)
    if read.events is None:
        return {body_key(body)}
    return {prepare_event(raw).key for raw in read.events}
