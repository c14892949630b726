"""`python -m bot parse [--json|--text] [--today YYYY-MM-DD] TEXT|-`: read chat messages as the
bot does, printing the JSON contract object (or, with --text, one short line).

With `-` it reads one message per line from standard input and writes one JSON object per
line, in order, so other tools can pipe a whole chat log through it. Imports only the parser
(and through it PyThaiNLP's tokenizer): cold start matters for a command run per message.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta, timezone

# Asia/Bangkok is UTC+7 all year (no daylight saving); a fixed offset avoids loading tzdata.
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", nargs="+", help="the message (words are joined), or - to read stdin line by line"
    )
    parser.add_argument("--json", action="store_true",
                        help="print the JSON contract object (the default; kept for scripts)")
    parser.add_argument("--text", action="store_true", dest="human",
                        help="print one short human-readable line instead of JSON")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the date relative words resolve against (default: today in Asia/Bangkok)",
    )


def run(args: argparse.Namespace) -> int:
    from handlers.thai.parser import parse

    today = args.today or datetime.now(BANGKOK).date()
    if args.text == ["-"]:
        # Bytes in, bytes out: a stray invalid byte in a chat export must not stop the batch,
        # and Thai must come out as UTF-8 whatever the terminal's locale says.
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            _write(json.dumps(parse(line, today).to_contract(), ensure_ascii=False))
        return 0
    result = parse(" ".join(args.text), today)
    # JSON is the contract (DESIGN.md "Contracts"); --text is for a person at a terminal.
    text_only = args.human and not args.json
    _write(_human(result) if text_only else json.dumps(result.to_contract(), ensure_ascii=False))
    return 0


def _write(line: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(line + "\n")
    else:
        out.write((line + "\n").encode("utf-8"))
        out.flush()


def _human(result) -> str:
    parts = [result.intent]
    if result.refs:
        parts.append(",".join(result.refs))
    if result.percent is not None:
        parts.append(f"{result.percent}%")
    if result.date:
        parts.append(result.date.isoformat())
    if result.code:
        parts.append(f"code={result.code}")
    if result.unit:
        parts.append(f"unit={result.unit}")
    if result.indicator is not None:
        parts.append(f"indicator={result.indicator}")
    if result.title_text:
        parts.append(f"title={result.title_text!r}")
    parts.extend(result.urls)
    return "  ".join(parts)
