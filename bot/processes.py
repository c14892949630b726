"""Starting the processes of the Procfile, alone or all together in one (embedded default)."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from bot.config import Config
from bot.line_standin import StandInServer
from bot.runtime import Runtime, ShiftableClock, system_now
from models.db import SchemaOutOfDate, check_schema, transaction

log = logging.getLogger(__name__)


def prepare(config: Config) -> Runtime:
    """Connect, refuse an out-of-date schema, make sure the default organization exists;
    in local mode also start the LINE stand-in and load the demo."""
    rt = Runtime.create(config, now=ShiftableClock() if config.local_mode else system_now)
    try:
        check_schema(rt.engine)
    except SchemaOutOfDate as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(1) from None
    _check_secret_key(rt)
    if config.local_mode or config.channel_secret:  # else every organization is `org add`ed
        org_id = rt.ensure_default_org()
    if isinstance(rt.now, ShiftableClock):
        from bot.local_clock import persistent_clock

        persistent_clock(rt.now, rt.factory)
    if config.local_mode:
        _start_local_world(rt, org_id)
    return rt


def _check_secret_key(rt: Runtime) -> None:
    """Stored LINE credentials must decrypt with SECRET_KEY: else one line and exit."""
    from operations.organizations import check_readable
    from operations.secrets import SecretKeyError

    try:
        with rt.factory() as session:
            check_readable(session, rt.channels.vault)
    except SecretKeyError as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(1) from None


def _start_local_world(rt: Runtime, org_id: int) -> None:
    from bot.demo import GROUPS, NEWCOMER_NAMES, load_demo
    from models import Organization

    rt.standin = StandInServer().start()
    for group_id, _, _ in GROUPS:
        rt.standin.state.member_counts[group_id] = 8
    rt.standin.state.display_names.update(NEWCOMER_NAMES)  # as LINE would tell us
    with transaction(rt.factory) as session:
        org = session.get(Organization, org_id)
        if load_demo(session, org, rt.now().astimezone(rt.config.tz).date()):
            log.info("demo organization loaded")
    from bot.menu_sync import forget_menus, sync_all_menus

    forget_menus(rt, org_id)  # the new stand-in knows none of the old menus
    log.info("rich menus linked for %d people", sync_all_menus(rt, org_id))


def start_worker_thread(rt: Runtime, stop: threading.Event) -> threading.Thread:
    from bot.worker import run_worker

    thread = threading.Thread(target=run_worker, args=(rt, stop), name="worker", daemon=True)
    thread.start()
    return thread


def start_clock(rt: Runtime):
    """The scheduler, if this build has one; returns it started, or None."""
    try:
        from scheduler.clock import build_scheduler
    except ImportError:
        log.warning("scheduler not available: reminders are off")
        return None
    scheduler = build_scheduler(rt.factory, rt.gateway_for, rt.config, now_fn=rt.now)
    scheduler.start()
    return scheduler


def wait_for_signal(stop: threading.Event) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1.0):
        pass
