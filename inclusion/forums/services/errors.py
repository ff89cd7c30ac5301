"""Why a forum write was refused. Each error carries the message the page shows."""

from __future__ import annotations


class ForumError(Exception):
    """A write the current state does not allow; ``message`` says why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ForumNotAllowedError(PermissionError):
    """The membership may not make this change (a rule or the partnership scope)."""
