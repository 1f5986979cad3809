from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from ..core.forms import choices, enum_choices
from ..core.timeutil import local_today
from .figures import PERIODS
from .models import ReasonCode
from .services import (
    ACTION_GROUPS,
    AGES,
    APPEAL_DECISIONS,
    APPEAL_MAX_LENGTH,
    APPEAL_MIN_LENGTH,
    BULK_ACTIONS,
    DECISIONS,
    NEEDS_REASON,
    OBJECT_TYPES,
    QUEUE_STATES,
    QueueFilter,
    parse_item_keys,
)

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
    # Approve, keep and restore come without a reason: "" is the blank choice.
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


class BulkForm(FlaskForm):
    """One decision with one reason for the items ticked on a page of the queue."""

    # The ticked checkboxes of the items (name "items", value "comment-3").
    items = SelectMultipleField(validate_choice=False)
    # Set by the button pressed; not rendered as a field.
    action = StringField(validators=[InputRequired(), AnyOf(BULK_ACTIONS)])
    reason = SelectField(
        _l("Reason (to reject or hide)"), choices=reason_choices, default="", id="bulk-reason"
    )
    note = TextAreaField(
        _l("Note for the authors (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"rows": 2},
        id="bulk-note",
    )

    def validate_items(self, field):
        if not parse_item_keys(field.data or []):
            raise ValidationError(_l("Tick at least one item on the page."))

    def validate_reason(self, field):
        if self.action.data == "reject" and not field.data:
            raise ValidationError(_l("Choose the reason for rejecting or hiding."))

    @property
    def keys(self):
        return parse_item_keys(self.items.data or [])

    @property
    def reason_code(self) -> ReasonCode | None:
        return ReasonCode(self.reason.data) if self.reason.data else None


class QueueFilterForm(FlaskForm):
    """The filters of the queue, read from the query string (the state is the tab)."""

    class Meta:
        csrf = False

    type = SelectField(
        _l("Type"),
        choices=lambda: choices(
            [
                ("", _l("Comments and proposals")),
                ("comment", _l("Comments")),
                ("proposal", _l("Proposals")),
            ]
        ),
        validators=[Optional()],
    )
    consultation = SelectField(_l("Consultation"), choices=[], validators=[Optional()])
    reason = SelectField(
        _l("Reported as"),
        choices=lambda: enum_choices(ReasonCode, blank=_l("Any reason")),
        validators=[Optional()],
    )
    age = SelectField(
        _l("Waiting"),
        choices=lambda: choices(
            [
                ("", _l("Any time")),
                ("24h", _l("More than 24 hours")),
                ("3d", _l("More than 3 days")),
                ("7d", _l("More than 7 days")),
            ]
        ),
        validators=[Optional()],
    )

    def queue_filter(self, state: str) -> QueueFilter:
        consultation = self.consultation.raw_data[0] if self.consultation.raw_data else ""
        reason = self.reason.data if self.reason.data in {r.value for r in ReasonCode} else None
        return QueueFilter(
            state=state if state in QUEUE_STATES else "all",
            kind=self.type.data if self.type.data in ("comment", "proposal") else None,
            consultation_id=int(consultation) if consultation.isdigit() else None,
            reason=ReasonCode(reason) if reason else None,
            age=self.age.data if self.age.data in AGES else None,
        )


class AppealForm(FlaskForm):
    body = TextAreaField(
        _l("Why should the decision be looked at again?"),
        validators=[
            InputRequired(message=_l("Explain in a few words why you appeal.")),
            Length(
                min=APPEAL_MIN_LENGTH,
                max=APPEAL_MAX_LENGTH,
                message=_l("An appeal has 10 to 1000 characters."),
            ),
        ],
        description=_l(
            "Another moderator reads it and decides. You can appeal a decision only once."
        ),
        render_kw={"rows": 5, "maxlength": APPEAL_MAX_LENGTH},
    )


class AppealDecisionForm(ItemForm):
    # Set by the button pressed ("uphold" or "reverse"); not rendered as a field.
    outcome = StringField(validators=[InputRequired(), AnyOf(APPEAL_DECISIONS)])
    note = TextAreaField(
        _l("Explanation for the author"),
        # No Optional(): it would stop validate_note on an empty note.
        validators=[Length(max=NOTE_MAX)],
        description=_l("Required to uphold the decision: the author reads why it stands."),
        render_kw={"rows": 2},
    )

    def validate_note(self, field):
        if self.outcome.data == "uphold" and not (field.data or "").strip():
            raise ValidationError(_l("Explain to the author why the decision stands."))


class SuspendForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            InputRequired(message=_l("Give the reason; the person reads it.")),
            Length(min=3, max=NOTE_MAX),
        ],
        description=_l("The person reads it, with the last day of the suspension."),
        render_kw={"rows": 3},
    )
    until = DateField(
        _l("Last day of the suspension"),
        validators=[InputRequired(message=_l("Enter the last day of the suspension."))],
    )

    def validate_until(self, field):
        if field.data is not None and field.data < local_today():
            raise ValidationError(_l("The last day of a suspension cannot be in the past."))


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
    object_type = SelectField(
        _l("Object"),
        choices=lambda: choices([("", _l("Any object")), *OBJECT_TYPES.items()]),
        validators=[Optional()],
    )
    actor = SelectField(_l("By"), validators=[Optional()], choices=[])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end of the period comes before its start."))


class FiguresForm(FlaskForm):
    class Meta:
        csrf = False

    period = SelectField(
        _l("Period"),
        choices=lambda: choices((key, label) for key, (label, _span) in PERIODS.items()),
        validators=[Optional()],
    )
