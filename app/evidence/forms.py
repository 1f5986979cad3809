from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from ..core.forms import choices
from .periods import Period, PeriodError, check


class PeriodForm(FlaskForm):
    """The GET form above the indicators: a year, or a range of dates that overrides it."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), default="")
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def __init__(self, years: list[int], **kwargs):
        super().__init__(**kwargs)
        self.year.choices = choices([(str(y), str(y)) for y in years])
        self.years = years

    def chosen(self, today: date) -> tuple[Period, object]:
        """The period to show, and the message to show when what was asked is not usable."""
        self.validate()
        if self.start.raw_data or self.end.raw_data:
            typed = [f.raw_data and f.raw_data[0] for f in (self.start, self.end)]
            if all(typed) and not (self.start.errors or self.end.errors):
                try:
                    return check(Period(self.start.data, self.end.data)), None
                except PeriodError as error:
                    return self._year_period(today), error.message
            if any(typed):
                return self._year_period(today), _l(
                    "Give both dates of the period as YYYY-MM-DD, or choose a year."
                )
        return self._year_period(today), None

    def _year_period(self, today: date) -> Period:
        if self.year.data and not self.year.errors:
            return Period.year(int(self.year.data))
        self.year.data = str(today.year)
        return Period.year(today.year)
