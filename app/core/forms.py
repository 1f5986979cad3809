"""Form helpers shared by every feature."""

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_cls, blank=None) -> list[SelectChoice]:
    """Choices for an Enum whose members have a translated `label`."""
    options = [SelectChoice(member.value, member.label) for member in enum_cls]
    if blank is not None:
        options.insert(0, SelectChoice("", blank))
    return options


class ActionForm(FlaskForm):
    """An empty form: a POST button with its CSRF token."""
