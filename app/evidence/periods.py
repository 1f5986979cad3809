"""The period an evidence page, pack or API answer is computed for: a year or a date range."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..consultations.models import Comment, Consultation
from ..core.timeutil import local_today
from ..extensions import db
from ..proposals.models import Proposal

FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodError(ValueError):
    """A period that cannot be computed; `message` is shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def current_year(cls) -> "Period":
        return cls.year(local_today().year)

    @property
    def is_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return f"{format_date(self.start, 'medium')} – {format_date(self.end, 'medium')}"

    @property
    def slug(self) -> str:
        """For file names: 2026, or 2026-01-01_2026-03-31."""
        if self.is_year:
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def query_args(self) -> dict:
        if self.is_year:
            return {"year": self.start.year}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _parse_date(value: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise PeriodError(_l("Dates are written as YYYY-MM-DD.")) from None


def check(period: Period) -> Period:
    if period.start > period.end:
        raise PeriodError(_l("The start of the period must not be after its end."))
    if period.start.year < FIRST_YEAR or period.end.year > LAST_YEAR:
        raise PeriodError(
            _l(
                "Choose dates between %(first)d and %(last)d.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return period


def period_from_args(args) -> Period:
    """`start` and `end` (a date range), else `year`, else the current year."""
    start, end = (args.get("start") or "").strip(), (args.get("end") or "").strip()
    if start or end:
        if not (start and end):
            raise PeriodError(_l("Give both the start and the end of the period."))
        return check(Period(_parse_date(start), _parse_date(end)))
    year = (args.get("year") or "").strip()
    if year:
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            raise PeriodError(_l("The year is written with four digits."))
        return check(Period.year(int(year)))
    return Period.current_year()


def available_years() -> list[int]:
    """From the first year with any activity to the current one, newest first."""
    firsts = db.session.execute(
        select(
            select(func.min(Consultation.opens_on))
            .where(Consultation.public_clause())
            .scalar_subquery(),
            select(func.min(Comment.created_at)).scalar_subquery(),
            select(func.min(Proposal.created_at)).scalar_subquery(),
        )
    ).one()
    this_year = local_today().year
    years = [value.year for value in firsts if value is not None]
    first = max(min(years, default=this_year), FIRST_YEAR)
    return list(range(this_year, min(first, this_year) - 1, -1))
