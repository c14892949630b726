#!/usr/bin/env python3
"""Set up and run the project on a machine that has only python3.

    python3 dev.py run    # install into .venv, migrate, start the bot on http://127.0.0.1:8000
    python3 dev.py test   # install into .venv, run the tests (SQLite, then PostgreSQL if
                          # TEST_DATABASE_URL is set)

Uses only the standard library, so it works before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def ensure_env(requirements: str) -> None:
    """Create .venv and install the pinned requirements when they changed."""
    if not PYTHON.exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"installing {requirements} …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(ROOT / requirements)], check=True)
    stamp.write_text(digest)


def run() -> int:
    ensure_env("requirements.txt")
    subprocess.run([str(PYTHON), "-m", "bot", "db", "upgrade"], cwd=ROOT, check=True)
    return subprocess.call([str(PYTHON), "-m", "bot", "run"], cwd=ROOT)


def test() -> int:
    ensure_env("requirements-dev.txt")
    env = dict(os.environ)
    pg_url = env.pop("TEST_DATABASE_URL", None)
    print("== tests on SQLite ==", flush=True)
    code = subprocess.call([str(PYTHON), "-m", "pytest"], cwd=ROOT, env=env)
    if pg_url:
        print("== tests on PostgreSQL ==", flush=True)
        code = subprocess.call([str(PYTHON), "-m", "pytest"], cwd=ROOT,
                               env=dict(env, TEST_DATABASE_URL=pg_url)) or code
    else:
        print("(TEST_DATABASE_URL not set: PostgreSQL run skipped; .ci/run sets it)", flush=True)
    return code


if __name__ == "__main__":
    commands = {"run": run, "test": test}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
