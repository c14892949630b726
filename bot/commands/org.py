"""`python -m bot org add|list|disable|enable|rotate-token|rotate-secret|rekey|new-key`: the organizations
one deployment serves, each with its own LINE channel.

Secrets are never taken from the command line where `ps` and shell history would keep
them: `--channel-secret -` / `--access-token -` read them from standard input (a prompt
that does not echo when it is a terminal), `@FILE` reads a file. A literal value is
accepted too, for scripts that already hold it safely.

    python -m bot org add --slug nongtakai --name "อบต.หนองตะไก่" \\
        --channel-secret - --access-token @token.txt
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.config import load
from models import Organization, OrgCredentials
from models.db import make_engine, make_sessionmaker, transaction
from operations.organizations import (
    OrgError,
    add_org,
    find,
    rekey,
    set_disabled,
    store_secret,
    store_token,
)
from operations.organizations import webhook_url as url_for
from operations.secrets import SecretKeyError, new_key, require_vault

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="add an organization with its LINE channel")
    add.add_argument("--slug", required=True, help="short name in the webhook URL")
    add.add_argument("--name", required=True, help="the organization's name, e.g. อบต.หนองตะไก่")
    add.add_argument("--channel-secret", required=True, metavar="- | @FILE",
                     help="Basic settings → Channel secret; `-` reads it from standard input "
                          "(first line), `@FILE` from a file")
    add.add_argument("--access-token", metavar="- | @FILE",
                     help="a long-lived channel access token (Messaging API tab); `-` reads "
                          "the next line of standard input")
    add.add_argument("--channel-id", help="for short-lived tokens: the channel's id")
    add.add_argument("--assertion-kid", help="for short-lived tokens: the key id LINE gave")
    add.add_argument("--assertion-key", metavar="@FILE | -",
                     help="for short-lived tokens: the private key as a JWK (JSON)")
    sub.add_parser("list", help="every organization, its state and webhook URL")
    for name, text in (("disable", "stop serving an organization"),
                       ("enable", "serve a disabled organization again")):
        sub.add_parser(name, help=text).add_argument("slug")
    rotate = sub.add_parser("rotate-token", help="store a new long-lived access token")
    rotate.add_argument("slug")
    rotate.add_argument("--access-token", required=True, metavar="- | @FILE")
    reissue = sub.add_parser("rotate-secret",
                             help="store a new channel secret (after 'Issue' in LINE's console)")
    reissue.add_argument("slug")
    reissue.add_argument("--channel-secret", required=True, metavar="- | @FILE")
    sub.add_parser("rekey", help="re-encrypt every credential with SECRET_KEY's first key")
    sub.add_parser("new-key", help="print a new random key for SECRET_KEY")


def read_secret(value: str | None, label: str) -> str | None:
    """`-` reads standard input (without echo at a terminal), `@path` a file."""
    if value is None:
        return None
    if value == "-":
        if sys.stdin.isatty():
            return getpass.getpass(f"{label}: ").strip()
        return sys.stdin.readline().strip()
    if value.startswith("@"):
        return Path(value[1:]).read_text(encoding="utf-8").strip()
    print(f"note: the {label} was given on the command line, where shell history and `ps` "
          "keep it; next time use `-` (standard input) or @FILE", file=sys.stderr)
    return value


def run(args: argparse.Namespace) -> int:
    if args.action == "new-key":
        print(new_key())
        return 0
    config = load()
    factory = make_sessionmaker(make_engine(config.database_url))
    now = datetime.now(UTC)
    try:
        return _run(args, config, factory, now)
    except (OrgError, SecretKeyError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _run(args, config, factory, now) -> int:
    if args.action == "list":
        return _list(config, factory)
    if args.action in ("disable", "enable"):
        with transaction(factory) as session:
            org = set_disabled(session, args.slug, args.action == "disable", now)
        print(f"{org.slug}: {'disabled' if org.disabled_at else 'enabled'}")
        return 0
    vault = require_vault({"SECRET_KEY": config.secret_key or ""})
    if args.action == "rekey":
        with transaction(factory) as session:
            count = rekey(session, vault)
        print(f"{count} organization(s) re-encrypted with the first key of SECRET_KEY")
        return 0
    if args.action == "rotate-token":
        token = read_secret(args.access_token, "new channel access token")
        with transaction(factory) as session:
            org = find(session, args.slug)
            store_token(session, vault, org.id, token, None, now)
        print(f"{org.slug}: new access token stored; running workers and clocks use it within 5 minutes")
        return 0
    if args.action == "rotate-secret":
        secret = checked_secret(read_secret(args.channel_secret, "new channel secret"))
        with transaction(factory) as session:
            org = find(session, args.slug)
            store_secret(session, vault, org.id, secret, now)
        print(f"{org.slug}: new channel secret stored; webhooks signed with it are accepted")
        return 0
    # add: read stdin secrets in a fixed order (secret, token, key) so a pipe can carry all
    secret = checked_secret(read_secret(args.channel_secret, "channel secret"))
    token = read_secret(args.access_token, "channel access token")
    key_text = read_secret(args.assertion_key, "assertion private key (JWK)")
    key = json.loads(key_text) if key_text else None
    with transaction(factory) as session:
        org = add_org(session, vault, slug=args.slug, name=args.name, channel_secret=secret,
                      access_token=token, channel_id=args.channel_id,
                      assertion_kid=args.assertion_kid, assertion_key=key, now=now)
    url = url_for(config.public_base_url, org.slug)
    print(f"added {org.slug} ({org.name})\nwebhook URL: {url}")
    if not url.startswith("https://"):
        print("note: LINE calls only https:// webhooks; set PUBLIC_BASE_URL to this "
              "deployment's https address, then `python -m bot org list` shows the URL to paste "
              "in the LINE Developers console", file=sys.stderr)
    return 0


def checked_secret(secret: str | None) -> str | None:
    """A LINE channel secret is 32 hexadecimal characters. A much longer value is the access
    token given in the wrong order: refuse it. Anything else odd: warn, keep it."""
    if secret is None:
        return None
    if len(secret) > 64:
        raise OrgError(f"the channel secret given is {len(secret)} characters long: that looks "
                       "like the access token (with `-` for both, standard input gives the "
                       "channel secret first, then the token)")
    if secret and not HEX32.match(secret):
        print(f"note: a LINE channel secret is 32 characters of 0-9 and a-f; this one has "
              f"{len(secret)}: check it, or every webhook will be refused as wrongly signed",
              file=sys.stderr)
    return secret


def _list(config, factory) -> int:
    with factory() as session:
        rows = session.execute(
            select(Organization, OrgCredentials)
            .outerjoin(OrgCredentials, OrgCredentials.org_id == Organization.id)
            .order_by(Organization.slug)).all()
    for org, creds in rows:
        if org.disabled_at:
            state = "disabled"
        elif creds is None:
            state = "environment" if org.slug == config.org_slug else "no channel"
        elif creds.assertion_key:
            state = "short-lived tokens"
        else:
            state = "long-lived token"
        print(f"{org.slug}\t{state}\t{url_for(config.public_base_url, org.slug)}\t{org.name}")
    return 0
