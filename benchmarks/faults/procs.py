"""The production shape for the fault runs: a fresh database, the LINE stand-in, and the
Procfile's processes (gunicorn `web`, `worker`, `clock`) started as real subprocesses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.line_standin import StandInServer  # noqa: E402
from models import InboxEvent  # noqa: E402
from models.db import make_engine, make_sessionmaker, upgrade  # noqa: E402

SECRET = "fault-secret-0123456789abcdef"
TOKEN = "fault-token-0123456789abcdef"
PYTHON = sys.executable


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(kind: str) -> str:
    """A migrated, empty database: a new SQLite file, or the PostgreSQL in FAULTS_PG_URL
    with its schema dropped and rebuilt."""
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='faults-')}/faults.sqlite3"
    else:
        url = os.environ.get("FAULTS_PG_URL") or os.environ["TEST_DATABASE_URL"]
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)
    return url


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Shape:
    """One deployment under test. `app` is "bot.wsgi:app" or the store-only app."""

    db_url: str
    app: str = "bot.wsgi:app"
    standin: StandInServer = field(default_factory=lambda: StandInServer().start())
    port: int = field(default_factory=free_port)
    procs: dict[str, list[subprocess.Popen]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.db_url)
        self.factory = make_sessionmaker(self.engine)

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, DATABASE_URL=self.db_url, LINE_CHANNEL_SECRET=SECRET,
                    LINE_CHANNEL_ACCESS_TOKEN=TOKEN, LINE_API_BASE_URL=self.standin.url,
                    PORT=str(self.port), PYTHONPATH=str(ROOT))

    def start(self, name: str, log: Path | None = None) -> subprocess.Popen:
        commands = {
            "web": [PYTHON, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--timeout",
                    "30", "--bind", f"127.0.0.1:{self.port}", self.app],
            "worker": [PYTHON, "-m", "bot", "worker"],
            "clock": [PYTHON, "-m", "bot", "clock"],
        }
        out = open(log or os.devnull, "ab")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(commands[name], cwd=ROOT, env=self.env, stdout=out,
                                stderr=subprocess.STDOUT)
        self.procs.setdefault(name, []).append(proc)
        if name == "web":
            self.wait_healthy()
        return proc

    def wait_healthy(self, seconds: float = 180) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("web did not come up")

    def web_rss_kb(self) -> int:
        """Resident memory of gunicorn's workers (the processes that parse the bodies)."""
        return sum(rss_kb(child) for proc in self.procs.get("web", [])
                   for child in children(proc.pid))

    def kill9(self, proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        for procs in self.procs.values():
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
        for procs in self.procs.values():
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill9(proc)
        self.standin.stop()
        self.engine.dispose()

    def inbox(self) -> dict[str, int]:
        with self.factory() as s:
            return dict(s.execute(select(InboxEvent.status, func.count())
                                  .group_by(InboxEvent.status)).all())

    def wait_drained(self, seconds: float = 300) -> float | None:
        """Seconds until no event is pending, or None if it never happened in time."""
        start = time.time()
        while time.time() - start < seconds:
            if not self.inbox().get("pending"):
                return time.time() - start
            time.sleep(0.25)
        return None


def text_event(number: int, user: str, text: str = "วิธีใช้", tag: str = "EV") -> dict:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user},
            "webhookEventId": f"01{tag}{number:020d}", "deliveryContext": {"isRedelivery": False},
            "replyToken": f"reply-{tag}-{number}",
            "message": {"id": str(10**12 + number), "type": "text", "text": text,
                        "quoteToken": "q"}}


def body_of(*events: dict) -> bytes:
    return json.dumps({"destination": "Ubot", "events": list(events)},
                      ensure_ascii=False).encode()
