"""Read settings from the environment, failing loudly on values that make no sense."""

from __future__ import annotations

import datetime as dt
import os


class ImproperlyConfiguredError(RuntimeError):
    """An environment variable holds a value the service cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfiguredError(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredError(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfiguredError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfiguredError(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, *, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        if default is None:
            raise ImproperlyConfiguredError(f"Set the environment variable {name}.")
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, *, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfiguredError(
            f"{name} must be one of {', '.join(choices)}, not {value!r}."
        )
    return value


def env_time(name: str, *, default: str) -> dt.time:
    """A time of day written as HH:MM (24-hour clock)."""
    raw = os.environ.get(name, default)
    try:
        return dt.datetime.strptime(raw, "%H:%M").time()
    except ValueError:
        raise ImproperlyConfiguredError(
            f"{name} must be a time of day like 10:30, not {raw!r}."
        ) from None


def env_choice_or_int(
    name: str, *, default: str, choices: tuple[str, ...], minimum: int = 1
) -> str | int:
    """One of ``choices``, or a whole number of at least ``minimum`` (returned as an ``int``)."""
    raw = os.environ.get(name, default).strip()
    if raw in choices:
        return raw
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfiguredError(
            f"{name} must be {' or '.join(choices)} or a whole number of at least {minimum}, "
            f"not {raw!r}."
        )
    return value
