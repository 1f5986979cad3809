from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from ..core.forms import choices, enum_choices
from .models import ReasonCode
from .services import ACTION_GROUPS, DECISIONS, NEEDS_REASON

NOTE_MAX = 1000


def reason_choices():
    return enum_choices(ReasonCode, blank=_l("— choose a reason —"))


class ItemForm(FlaskForm):
    """A form shown once per item on a page: `item_key` keeps its field ids unique."""

    def __init__(self, *args, item_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if item_key:
            for f in self:
                f.id = f"{item_key}-{f.name}"
                f.label.field_id = f.id


class DecisionForm(ItemForm):
    decision = HiddenField(validators=[InputRequired(), AnyOf(DECISIONS)])
    # Approve and keep come without a reason: "" is the blank choice.
    reason = SelectField(_l("Reason"), choices=reason_choices, default="")
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l("The author sees the reason and this note on their profile."),
        render_kw={"rows": 2},
    )

    def validate_reason(self, field):
        if self.decision.data in NEEDS_REASON and not field.data:
            raise ValidationError(_l("Choose the reason for this decision."))

    @property
    def reason_code(self) -> ReasonCode | None:
        return ReasonCode(self.reason.data) if self.reason.data else None


class FlagForm(ItemForm):
    reason = SelectField(
        _l("What is wrong with it?"),
        choices=reason_choices,
        validators=[InputRequired(message=_l("Choose what is wrong with it."))],
    )
    note = TextAreaField(
        _l("Anything the moderators should know (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"rows": 3},
    )


class AuditFilterForm(FlaskForm):
    """The filters of the audit log, read from the query string."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("Action on"),
        choices=lambda: choices([("", _l("Anything")), *ACTION_GROUPS.items()]),
        validators=[Optional()],
    )
    actor = SelectField(_l("By"), validators=[Optional()], choices=[])
