"""The one error the importer raises for a document it cannot read.

It carries where the problem is (file, line or row) so the command can print one clear
line and exit 2 before anything is written.
"""

from __future__ import annotations


class BadInput(Exception):
    """The document is empty, unreadable, has no measures table, or states an impossible date."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def where(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message
