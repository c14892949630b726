"""What a handler decides to say. Handlers return this; only the worker talks to LINE."""

from __future__ import annotations

from dataclasses import dataclass, field


class UserMistake(Exception):
    """Something the person can fix (bad code, no permission). The dispatcher turns it into
    a polite Thai reply, and nothing in the database changes."""

    def __init__(self, thai_message: str) -> None:
        super().__init__(thai_message)
        self.thai_message = thai_message


@dataclass
class Outcome:
    """Up to five messages for the reply token, and the tasks each message is about
    (so a later quote-reply on one of them finds its task)."""

    messages: list[dict] = field(default_factory=list)
    task_ids: list[list[int]] = field(default_factory=list)
    # Where to say it when not in the event's chat (an unsend in a group is asked about in
    # the sender's 1:1 chat); None means the chat the event came from.
    to: str | None = None

    def add(self, message: dict, task_ids: list[int] | None = None) -> Outcome:
        self.messages.append(message)
        self.task_ids.append(list(task_ids or []))
        return self

    @property
    def silent(self) -> bool:
        return not self.messages


def silence() -> Outcome:
    return Outcome()
