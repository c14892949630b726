"""The long fault scenarios, each against the production shape (see procs.py), each returning
the figures it measured. Run them with benchmarks/faults/run.py."""

from __future__ import annotations

import http.client
import queue
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select

from benchmarks.faults.procs import Shape, body_of, sign, text_event
from models import InboxEvent, OutboxMessage
from tests.faults.fuzz import bodies, expected_keys


class Poster:
    """Signed POSTs over one keep-alive connection; a dropped connection is counted, not raised."""

    def __init__(self, port: int) -> None:
        self.port, self.conn = port, None

    def post(self, body: bytes) -> int | str:
        for _ in range(2):  # a keep-alive connection the server closed is reopened once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request("POST", "/callback", body=body, headers={
                    "X-Line-Signature": sign(body), "Content-Type": "application/json"})
                response = self.conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                error = "dropped"
            except (OSError, http.client.HTTPException) as err:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                return f"error:{type(err).__name__}"
        return error


def _run_pool(port: int, jobs: Iterable, threads: int, handle) -> None:
    work: queue.Queue = queue.Queue(maxsize=threads * 4)

    def sender() -> None:
        poster = Poster(port)
        while (job := work.get()) is not None:
            handle(poster, job)

    pool = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for job in jobs:
        work.put(job)
    for _ in pool:
        work.put(None)
    for t in pool:
        t.join()


def fuzz(shape: Shape, n: int, seed: int = 9) -> dict:
    """n mutated, correctly signed bodies at gunicorn; then the worker works through them."""
    shape.start("web")
    shape.start("worker")
    time.sleep(1)
    rss_before = shape.web_rss_kb()
    statuses: Counter = Counter()
    expected: set[str] = set()
    lock = threading.Lock()

    def handle(poster: Poster, body: bytes) -> None:
        status = poster.post(body)
        keys = expected_keys(body)
        with lock:
            statuses[status] += 1
            expected.update(keys)

    start = time.time()
    _run_pool(shape.port, bodies(n, seed), 6, handle)
    elapsed = time.time() - start
    rss_after = shape.web_rss_kb()
    drained = shape.wait_drained(600)
    with shape.factory() as s:
        stored = set(s.scalars(select(InboxEvent.webhook_event_id)))
    worker_alive = all(p.poll() is None for p in shape.procs["worker"])
    inbox = shape.inbox()
    return {
        "bodies": n, "seconds": round(elapsed, 1),
        "answers": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "answers_5xx": sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500),
        "dropped_connections": statuses.get("dropped", 0),
        "events_expected": len(expected), "events_missing": len(expected - stored),
        "inbox": inbox, "worker_failed": inbox.get("failed", 0), "worker_alive": worker_alive,
        "drain_seconds": None if drained is None else round(drained, 1),
        "web_rss_mb_before": round(rss_before / 1024, 1),
        "web_rss_mb_after": round(rss_after / 1024, 1),
        "web_rss_growth_pct": round(100 * (rss_after - rss_before) / max(rss_before, 1), 1),
    }


def load(shape: Shape, rate: int = 200, seconds: int = 60, with_worker: bool = True,
         drain_limit: float = 900) -> dict:
    """`rate` signed one-text-event bodies per second for `seconds`, open loop (a request is
    due at its time whether or not earlier ones were answered)."""
    shape.start("web")
    if with_worker:
        shape.start("worker")
    time.sleep(1)
    latencies: list[float] = []
    late: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    t0 = time.time() + 0.5
    total = rate * seconds

    def jobs():
        for i in range(total):
            due = t0 + i / rate
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            yield i, due

    def handle(poster: Poster, job) -> None:
        i, due = job
        body = body_of(text_event(i, f"U{i % 300:032d}", "o12 เสร็จแล้วครับ", tag="LOAD"))
        begun = time.time()
        status = poster.post(body)
        done = time.time()
        with lock:
            statuses[status] += 1
            latencies.append(done - begun)
            late.append(begun - due)

    _run_pool(shape.port, jobs(), 48, handle)
    sent_seconds = time.time() - t0
    backlog = shape.inbox().get("pending", 0) if with_worker else None
    drain = shape.wait_drained(drain_limit) if with_worker else None
    latencies.sort()
    return {
        "rate_asked": rate, "seconds": seconds, "requests": total,
        "achieved_rps": round(total / sent_seconds, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "over_2s": sum(1 for x in latencies if x > 2),
        "client_late_p99_ms": round(1000 * sorted(late)[int(0.99 * (len(late) - 1))], 1),
        "errors": sum(v for k, v in statuses.items() if k != 200),
        "backlog_at_end": backlog,
        "drain_seconds": None if drain is None else round(drain, 1),
    }


def kill_worker(shape: Shape, events: int = 300, kills: int = 10, life: float = 1.5) -> dict:
    """kill -9 of the worker `kills` times while it handles `events` text events (each time
    a random moment up to `life` seconds after it started handling), then one worker that is
    left alone: each event is handled once, and each user hears back once."""
    shape.start("web")
    poster = Poster(shape.port)
    for i in range(events):
        poster.post(body_of(text_event(i, f"Ukill{i:028d}", "วิธีใช้", tag="KILL")))
    done = 0
    shape.start("clock")  # sends, as pushes, the replies a killed worker never attempted
    worker = shape.start("worker")
    deadline = time.time() + 900
    rng = random.Random(9)
    while done < kills and time.time() < deadline and shape.inbox().get("pending"):
        before = shape.inbox().get("handled", 0)
        while shape.inbox().get("handled", 0) == before and time.time() < deadline:
            time.sleep(0.05)  # the new worker is up and handling
        time.sleep(rng.uniform(0, life))
        shape.kill9(worker)
        done += 1
        worker = shape.start("worker")
    shape.wait_drained(max(deadline - time.time(), 1))
    # Replies never attempted go out as pushes a minute later (the clock delivers every
    # 15 s); replies in flight at a kill are taken over after STALE_CLAIM and marked unknown.
    deadline = time.time() + 150
    while time.time() < deadline and _outbox(shape).get("pending"):
        time.sleep(2)
    outbox = _outbox(shape)
    with shape.factory() as s:
        handled = s.scalar(select(func.count()).where(InboxEvent.status == "handled"))
    per_user: Counter = Counter()
    for r in shape.standin.state.sends():
        to = r.body.get("to") or ""
        number = to.removeprefix("Ukill") if to else r.body.get("replyToken", "").split("-")[-1]
        per_user[int(number)] += 1
    return {
        "events": events, "kills": done, "handled": handled, "outbox": outbox,
        "line_sends": len(shape.standin.state.sends()),
        "users_once": sum(1 for v in per_user.values() if v == 1),
        "users_twice_or_more": sum(1 for v in per_user.values() if v > 1),
        "users_none": events - len(per_user),
    }


def _outbox(shape: Shape) -> dict[str, int]:
    with shape.factory() as s:
        return dict(Counter(s.scalars(select(OutboxMessage.status))))


def clocks(shape: Shape, messages: int = 100, events: int = 100) -> dict:
    """Two `clock` processes and four workers on one database, with pushes due and events
    coming in: every message reaches LINE once (only one clock leads; claims are atomic)."""
    from models import Organization
    from models.db import transaction
    from models.outbox import enqueue

    shape.start("web")
    with transaction(shape.factory) as s:
        org_id = s.scalar(select(Organization.id).order_by(Organization.id).limit(1))
        for i in range(messages):
            enqueue(s, org_id=org_id, key=f"clocks:{i}", to=f"Upush{i:029d}", purpose="alert",
                    messages=[{"type": "text", "text": f"แจ้งเตือน {i}"}])
    for name in ["clock", "clock", "worker", "worker", "worker", "worker"]:
        shape.start(name)
    poster = Poster(shape.port)
    for i in range(events):
        poster.post(body_of(text_event(i, f"Uclk{i:029d}", "วิธีใช้", tag="CLK")))
    deadline = time.time() + 240
    while time.time() < deadline and (shape.inbox().get("pending")
                                      or _outbox(shape).get("pending")):
        time.sleep(1)
    received: Counter = Counter()
    for r in shape.standin.state.sends():
        received[r.body.get("to") or r.body.get("replyToken")] += 1
    return {
        "pushes_due": messages, "events": events, "outbox": _outbox(shape),
        "inbox": shape.inbox(), "recipients": len(received),
        "lost": messages + events - len(received),
        "duplicated": sum(1 for v in received.values() if v > 1),
    }
