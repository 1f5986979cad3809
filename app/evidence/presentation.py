"""How indicator values and breakdown keys read, in the page's language."""

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.models import DISTRICTS, Sector
from ..consultations.models import ConsultationKind
from ..core.i18n import current_language
from ..moderation.models import ReasonCode
from .definitions import DIMENSION_NAMES, UNIT_NAMES, Dimension, Indicator, Unit

# Decimal places shown for each unit (the exports keep four).
_PATTERNS = {
    Unit.PERCENT: "#,##0.0",
    Unit.COUNT: "#,##0",
    Unit.RATIO: "#,##0.00",
    Unit.DAYS: "#,##0.0",
    Unit.HOURS: "#,##0.0",
    Unit.PER_THOUSAND: "#,##0.000",
    Unit.INDEX: "0.000",
}

_CONTENT_LABELS = {"comment": _l("Comments"), "proposal": _l("Proposals")}
NOT_STATED = _l("Not stated")


def number(value, unit: Unit = Unit.COUNT) -> str:
    if value is None:
        return "–"
    return format_decimal(value, _PATTERNS[unit])


def display_value(indicator: Indicator, value) -> str:
    """The value with its unit, or "not applicable"."""
    if value is None:
        return _("not applicable")
    text = number(value, indicator.unit)
    if indicator.unit is Unit.PERCENT:
        return f"{text} %"
    if indicator.unit in (Unit.DAYS, Unit.HOURS, Unit.PER_THOUSAND):
        return f"{text} {unit_name(indicator.unit)}"
    return text


def unit_name(unit: Unit, lang: str | None = None) -> str:
    bg, en = UNIT_NAMES[unit]
    return en if (lang or current_language()) == "en" else bg


def dimension_name(dimension: Dimension, lang: str | None = None) -> str:
    bg, en = DIMENSION_NAMES[dimension]
    return en if (lang or current_language()) == "en" else bg


def key_label(dimension: Dimension, key: str | None):
    """A breakdown key as people read it (a lazy string)."""
    if key is None:
        return NOT_STATED
    if dimension is Dimension.KIND:
        return ConsultationKind(key).label
    if dimension is Dimension.SECTOR:
        return Sector(key).label
    if dimension is Dimension.DISTRICT:
        return DISTRICTS.get(key, key)
    if dimension is Dimension.REASON:
        return ReasonCode(key).label
    return _CONTENT_LABELS.get(key, key)


def key_label_in(dimension: Dimension, key: str | None, lang: str) -> str:
    with force_locale(lang):
        return str(key_label(dimension, key))
