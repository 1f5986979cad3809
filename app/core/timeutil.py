"""Time in one place: the database stores naive UTC; the calendar is the city's."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def city_timezone() -> ZoneInfo:
    name = "Europe/Sofia"
    if has_app_context():
        name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", name)
    return ZoneInfo(name)


def local_today() -> date:
    """Today's date in the city: consultation periods are calendar days there."""
    return datetime.now(city_timezone()).date()


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601 for files and the API; stored datetimes are UTC and say so ("Z")."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return value.isoformat()
