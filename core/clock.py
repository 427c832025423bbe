"""Timestamps: ISO 8601 with offset, always timezone-aware."""

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)


def now_iso() -> str:
    return now().isoformat(timespec="milliseconds")
