"""Opening hours of the human e-counsellors (Europe/Oslo).

A spec is ``always``, ``never`` or a weekly list such as
``mon-thu 08:30-22:00; fri 08:30-18:30; sat-sun 15:00-22:00`` (several ranges on a day are
separated by commas: ``mon 08:00-11:00,12:00-16:00``), plus closed dates.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class OpeningHours:
    weekly: dict[int, tuple[tuple[time, time], ...]]  # weekday (0 = Monday) -> open ranges
    closed_dates: frozenset[date] = field(default_factory=frozenset)
    timezone: str = "Europe/Oslo"
    always: bool = False

    @classmethod
    def parse(cls, spec: str, closed_dates: list[str] | None = None, timezone: str = "Europe/Oslo") -> "OpeningHours":
        closed = frozenset(date.fromisoformat(d) for d in closed_dates or [])
        text = spec.strip().lower()
        if text == "always":
            return cls({}, closed, timezone, always=True)
        if text == "never":
            return cls({}, closed, timezone)
        weekly: dict[int, list[tuple[time, time]]] = {}
        for part in filter(None, (p.strip() for p in text.split(";"))):
            try:
                days_text, ranges_text = part.split()
            except ValueError:
                raise ValueError(f"opening hours: {part!r} is not '<days> <HH:MM-HH:MM>'") from None
            ranges = [_parse_range(r, part) for r in ranges_text.split(",")]
            for day in _parse_days(days_text, part):
                weekly.setdefault(day, []).extend(ranges)
        if not weekly:
            raise ValueError("opening hours: the spec is empty; use 'always', 'never' or a weekly spec")
        return cls({d: tuple(sorted(r)) for d, r in weekly.items()}, closed, timezone)

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            raise ValueError("opening hours need a timezone-aware datetime")
        return at.astimezone(ZoneInfo(self.timezone))

    def is_open(self, at: datetime) -> bool:
        local = self._local(at)
        if local.date() in self.closed_dates:
            return False
        if self.always:
            return True
        return any(start <= local.time() < end for start, end in self.weekly.get(local.weekday(), ()))

    def next_opening(self, at: datetime) -> datetime | None:
        """The next moment the service opens (``at`` itself when open now); None if never."""
        if self.is_open(at):
            return at
        local = self._local(at)
        zone = ZoneInfo(self.timezone)
        for offset in range(0, 370):
            day = local.date() + timedelta(days=offset)
            if day in self.closed_dates:
                continue
            if self.always:
                return datetime.combine(day, time(0, 0), zone)
            for start, _end in self.weekly.get(day.weekday(), ()):
                candidate = datetime.combine(day, start, zone)
                if candidate > local:
                    return candidate
        return None


def _parse_days(text: str, part: str) -> list[int]:
    days: list[int] = []
    for item in text.split(","):
        if "-" in item:
            first, last = item.split("-", 1)
            if first not in DAYS or last not in DAYS:
                raise ValueError(f"opening hours: unknown day in {part!r} (use mon tue wed thu fri sat sun)")
            days.extend(range(DAYS.index(first), DAYS.index(last) + 1))
        elif item in DAYS:
            days.append(DAYS.index(item))
        else:
            raise ValueError(f"opening hours: unknown day {item!r} in {part!r}")
    return days


def _parse_range(text: str, part: str) -> tuple[time, time]:
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"opening hours: {text!r} in {part!r} is not HH:MM-HH:MM")
    h1, m1, h2, m2 = map(int, match.groups())
    if h2 == 24 and m2 == 0:
        h2, m2 = 23, 59
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise ValueError(f"opening hours: {text!r} is not a valid time range") from None
    if end <= start:
        raise ValueError(f"opening hours: {text!r} ends before it starts")
    return start, end
