"""`python -m bot COMMAND …`: one table of commands, each in its own module.

A command module exposes `configure(parser)` to add its arguments and `run(args) -> int`.
Modules are imported only when their command runs, so `python -m bot parse` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# command name → (module under bot.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "run web, worker and clock in one process (embedded default)"),
    "web": ("web", "run only the webhook (use gunicorn in production)"),
    "worker": ("worker", "handle stored webhook events"),
    "clock": ("clock", "run the scheduler (reminders, digests, delivery)"),
    "db": ("db", "database schema: upgrade, current"),
    "invite": ("invite", "print a one-time registration code"),
    "parse": ("parse", "parse Thai chat messages into intents (JSON)"),
    "import": ("import_plan", "import a measures plan (.docx, .xlsx, .csv, .txt)"),
    "template": ("template", "write the blank .xlsx import template"),
    "export": ("export", "export the current plan to the .xlsx template"),
    "policy": ("policy", "show or change the reminder policy"),
    "simulate": ("simulate", "run a fiscal year on a simulated clock"),
    "report": ("report", "write the 6- or 12-month report (.docx, .pdf, .xlsx)"),
    "console-link": ("console_link", "print a one-time sign-in link to the web console"),
    "org": ("org", "organizations: add, list, disable/enable, rotate-token/-secret, rekey, new-key"),
    "person": ("person", "a person's data (PDPA): export as JSON, or forget"),
    "backup": ("backup", "copy the database to a file (SQLite; PostgreSQL: pg_dump)"),
    "restore": ("restore", "put a backup file back in place of the database (SQLite)"),
    "menus": ("menus", "rich menus: sync (create changed menus, relink everyone)"),
    "line-standin": ("line_standin", "a local stand-in for the LINE API, to try a deployment"),
}


def how_to_start() -> str:
    """What to type first: the local demo without LINE credentials, else the webhook."""
    port = os.environ.get("PORT") or "8000"
    if os.environ.get("SECRET_KEY"):
        return ("\nSECRET_KEY is set, so this is a deployment of `org add`ed organizations: "
                "`python -m bot db upgrade`, `python -m bot org add …`, then the Procfile's "
                "web, worker and clock (README.md, Production).")
    if os.environ.get("LINE_CHANNEL_SECRET") and os.environ.get("LINE_CHANNEL_ACCESS_TOKEN"):
        return ("\nLINE credentials are set: `python -m bot db upgrade`, then `python -m bot run` "
                "(or the Procfile's processes); webhook at /callback.")
    return ("\nNo LINE credentials set (LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN), so the bot "
            "runs in local mode:\n"
            "  python -m bot db upgrade && python -m bot run   (or: python3 dev.py run)\n"
            f"  then open http://127.0.0.1:{port}/dev to chat with it as any demo person.\n"
            "ยังไม่ได้ตั้งค่า LINE: เริ่มโหมดทดสอบในเครื่องด้วย python3 dev.py run "
            f"แล้วเปิด http://127.0.0.1:{port}/dev\n"
            "To connect a real LINE Official Account, see README.md.")


def _module(name: str):
    return importlib.import_module(f"bot.commands.{COMMANDS[name][0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)

    args, rest = parser.parse_known_args(argv)
    if args.command is None:
        parser.print_help()
        print(how_to_start())
        return 2
    module = _module(args.command)
    cmd_parser = argparse.ArgumentParser(
        prog=f"python -m bot {args.command}", description=COMMANDS[args.command][1]
    )
    module.configure(cmd_parser)
    parsed = cmd_parser.parse_args(rest)
    try:
        return int(module.run(parsed) or 0)
    except Exception as err:
        from sqlalchemy.exc import SQLAlchemyError  # here: `parse` never loads SQLAlchemy

        if not isinstance(err, SQLAlchemyError):
            raise
        print(f"error: {database_problem(err)}", file=sys.stderr)
        return 1


def database_problem(err: Exception) -> str:
    """One line an operator can act on, instead of a driver's traceback: a database that
    was never migrated, or one that cannot be reached (the URL's password is not shown)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    text = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
    if isinstance(err, (OperationalError, ProgrammingError)) and (
            "no such table" in text or ("does not exist" in text and "relation" in text)):
        return ("the database has no tables yet (or is older than this code): "
                "run `python -m bot db upgrade` first")
    if isinstance(err, OperationalError):
        return f"cannot use the database in DATABASE_URL: {text}"
    return f"database error: {text}"
