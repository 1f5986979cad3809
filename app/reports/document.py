"""What every downloadable report says above its table, in the language it is built in.

The DOCX header and the XLSX "Summary" sheet read these helpers, so the two always agree with
each other and with the public page (`reports/report.html`). Call them inside
`flask_babel.force_locale(lang)`: the labels are translated when they are turned into text.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.models import Sector
from ..consultations.models import Consultation, ConsultationState, ResponseDecision
from ..core.i18n import localized
from ..core.timeutil import city_timezone, local_today
from .services import ReportTotals

# Short form of the legal basis, for document headers (the page says it in a sentence).
LEGAL_BASIS_SHORT = _l("Art. 26 of the Law on Normative Acts")

# Word and Excel know the language of a text by its tag.
LANGUAGE_TAGS = {"bg": "bg-BG", "en": "en-GB"}


def language_tag(lang: str | None) -> str:
    return LANGUAGE_TAGS.get(lang or "", lang or "bg-BG")


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    lang: str | None = None  # the value's language, when it differs from the document's
    key: str = ""


def title_of(consultation: Consultation, lang: str):
    return localized(consultation, "title", lang)


def report_date(consultation: Consultation) -> date:
    """The day the report was published, in the city; today for a draft."""
    if consultation.report_published_at is not None:
        return to_local(consultation.report_published_at).date()
    return local_today()


def report_date_text(consultation: Consultation) -> str:
    if consultation.state is ConsultationState.REPORT_PUBLISHED:
        return format_date(report_date(consultation), "long")
    return _(
        "draft of %(date)s, not yet published", date=format_date(report_date(consultation), "long")
    )


def report_facts(consultation: Consultation, lang: str, totals: ReportTotals) -> list[Fact]:
    """Label/value pairs for a report header: what, when, on which legal basis."""
    c = consultation
    facts = [
        Fact(_("Kind"), str(c.kind.label)),
        Fact(
            _("Period for comments"),
            "{} – {} ({})".format(
                format_date(c.opens_on, "long"),
                format_date(c.closes_on, "long"),
                ngettext("%(num)d day", "%(num)d days", c.duration_days),
            ),
        ),
    ]
    reason = localized(c, "exceptional_reason", lang)
    if reason:
        facts.append(
            Fact(
                _("Reason for the shorter period"),
                reason.text,
                reason.lang if reason.is_fallback else None,
            )
        )
    if c.early_close_reason:
        closed = format_datetime(c.closed_at, "d MMMM yyyy, HH:mm") + ": " if c.closed_at else ""
        facts.append(Fact(_("Closed early"), closed + c.early_close_reason))
    facts += [
        Fact(_("Legal basis"), str(LEGAL_BASIS_SHORT)),
        Fact(_("Report date"), report_date_text(c), key="report_date"),
        Fact(
            _("Published comments"),
            ngettext(
                "%(num)d comment, %(answered)d with a response",
                "%(num)d comments, %(answered)d with a response",
                totals.approved,
                answered=totals.approved - totals.unanswered,
            ),
        ),
    ]
    return facts


def decision_totals(totals: ReportTotals) -> list[tuple[str, int]]:
    return [
        (str(d.label) if d is not None else _("No response yet"), n)
        for d, n in totals.by_decision.items()
    ]


def sector_totals(totals: ReportTotals) -> list[tuple[str, int]]:
    return [
        (str(s.label) if s is not None else _("Deleted participants"), n)
        for s, n in totals.by_sector.items()
    ]


def section_totals(totals: ReportTotals, lang: str) -> list[tuple[str, int]]:
    return [
        (localized(s, "heading", lang).text if s is not None else _("Whole document"), n)
        for s, n in totals.by_section
    ]


def status_totals(totals: ReportTotals) -> list[tuple[str, int]]:
    return [(str(s.label), n) for s, n in totals.by_status.items()]


# -- time ---------------------------------------------------------------------------------
def to_local(value: datetime, zone=None) -> datetime:
    """A stored naive-UTC datetime as naive city time (what Excel and Word should show).

    Loops pass `zone=city_timezone()` once rather than looking it up for every row.
    """
    return value.replace(tzinfo=UTC).astimezone(zone or city_timezone()).replace(tzinfo=None)


def day_bounds_utc(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, end of `last`) in the city, as naive UTC datetimes."""
    zone = city_timezone()
    start = datetime.combine(first, time.min, zone).astimezone(UTC).replace(tzinfo=None)
    end = (
        datetime.combine(last + timedelta(days=1), time.min, zone)
        .astimezone(UTC)
        .replace(tzinfo=None)
    )
    return start, end


def consultation_period(consultation: Consultation) -> tuple[date, date]:
    """The calendar days on which the consultation took comments (shortened by an early close)."""
    last = consultation.closes_on
    if consultation.closed_at is not None:
        last = min(last, to_local(consultation.closed_at).date())
    return consultation.opens_on, max(last, consultation.opens_on)


@dataclass(frozen=True)
class Labels:
    """Enum labels and words an export repeats on every row, translated once per export."""

    sector: dict
    decision: dict
    whole_document: str
    no_response: str


def row_labels() -> Labels:
    return Labels(
        sector={s: str(s.label) for s in Sector} | {None: ""},
        decision={d: str(d.label) for d in ResponseDecision} | {None: _("No response yet")},
        whole_document=_("Whole document"),
        no_response=_("No response yet"),
    )
