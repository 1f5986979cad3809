"""Staff forms: consultations, their sections and documents, lifecycle steps and responses."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..auth.models import Sector
from ..consultations.models import (
    Consultation,
    ConsultationKind,
    DocumentKind,
    Phase,
    ResponseDecision,
    TransitionError,
)
from ..core.forms import choices, enum_choices
from ..core.i18n import localized
from ..core.timeutil import local_today
from ..moderation.models import ModerationMode
from .documents import DocumentRejected, check_upload

MARKDOWN_HINT = _l(
    "Markdown: a blank line starts a new paragraph; **bold**, *italic*, lists with “- ”, "
    "headings with “## ”, links as [text](https://…)."
)


def _clean(value: str | None) -> str:
    return (value or "").strip()


class ConsultationForm(FlaskForm):
    """Create or edit a consultation. Pass the consultation being edited as `consultation=`."""

    kind = SelectField(_l("Kind of consultation"), choices=lambda: enum_choices(ConsultationKind))
    title_bg = StringField(_l("Title in Bulgarian"), validators=[Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    summary_bg = TextAreaField(
        _l("Summary in Bulgarian"),
        validators=[Length(max=2000)],
        description=_l("One or two sentences shown in lists and search results."),
    )
    summary_en = TextAreaField(_l("Summary in English"), validators=[Length(max=2000)])
    body_bg = TextAreaField(
        _l("Text in Bulgarian"), validators=[Length(max=200_000)], description=MARKDOWN_HINT
    )
    body_en = TextAreaField(
        _l("Text in English"), validators=[Length(max=200_000)], description=MARKDOWN_HINT
    )
    opens_on = DateField(
        _l("First day for comments"),
        validators=[InputRequired(message=_l("Enter the first day for comments."))],
    )
    closes_on = DateField(
        _l("Last day for comments"),
        validators=[InputRequired(message=_l("Enter the last day for comments."))],
        description=_l(
            "The law asks for at least 30 days; 14 to 29 days only in exceptional cases, "
            "with a stated reason."
        ),
    )
    exceptional_reason_bg = TextAreaField(
        _l("Reason for a period shorter than 30 days, in Bulgarian"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "Required when the period is shorter than 30 days. The reason is published with "
            "the consultation."
        ),
    )
    exceptional_reason_en = TextAreaField(
        _l("Reason for a period shorter than 30 days, in English"),
        validators=[Optional(), Length(max=5000)],
    )
    moderation_mode = SelectField(
        _l("Moderation of comments"),
        choices=lambda: enum_choices(ModerationMode),
        default=ModerationMode.PRE.value,
        # Editing reads the consultation's enum; the form works with its value.
        coerce=lambda value: getattr(value, "value", value),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation

    def validate_title_bg(self, field):
        if not _clean(field.data) and not _clean(self.title_en.data):
            raise ValidationError(_l("Give a title in at least one language."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        opens, closes = self.opens_on.data, self.closes_on.data
        if opens is None or closes is None:
            return False
        valid = self._check_calendar(opens, closes) and valid
        reason = _clean(self.exceptional_reason_bg.data) or _clean(self.exceptional_reason_en.data)
        try:
            Consultation.check_period(opens, closes, reason)
        except TransitionError as error:
            if (closes - opens).days >= 14:
                # The period is lawful with a reason: the message belongs by the reason field.
                self.exceptional_reason_bg.errors.append(error.message)
            else:
                self.closes_on.errors.append(error.message)
            valid = False
        return valid

    def _check_calendar(self, opens, closes) -> bool:
        """What the consultation's phase allows to change in its dates."""
        existing = self.consultation
        today = local_today()
        phase = existing.phase_on(today) if existing is not None else Phase.DRAFT
        if phase is Phase.OPEN:
            ok = True
            if opens != existing.opens_on:
                self.opens_on.errors.append(
                    _l("The consultation is open: its first day can no longer change.")
                )
                ok = False
            if closes < existing.closes_on:
                self.closes_on.errors.append(
                    _l("The consultation is open: its last day can be moved later, never earlier.")
                )
                ok = False
            return ok
        changed = existing is None or opens != existing.opens_on
        if changed and opens < today:
            self.opens_on.errors.append(_l("The first day for comments cannot be in the past."))
            return False
        return True

    def values(self) -> dict:
        """The cleaned values, ready for `services.create_consultation/update_consultation`."""
        return {
            "kind": ConsultationKind(self.kind.data),
            "title_bg": _clean(self.title_bg.data),
            "title_en": _clean(self.title_en.data),
            "summary_bg": _clean(self.summary_bg.data),
            "summary_en": _clean(self.summary_en.data),
            "body_bg": (self.body_bg.data or "").rstrip(),
            "body_en": (self.body_en.data or "").rstrip(),
            "opens_on": self.opens_on.data,
            "closes_on": self.closes_on.data,
            "exceptional_reason_bg": _clean(self.exceptional_reason_bg.data) or None,
            "exceptional_reason_en": _clean(self.exceptional_reason_en.data) or None,
            "moderation_mode": ModerationMode(self.moderation_mode.data or "pre"),
        }


class CloseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for closing"),
        validators=[Length(max=5000)],
        description=_l(
            "Required when closing before the announced last day; the reason is published."
        ),
    )
    submit = SubmitField(_l("Close the consultation"))


class SectionForm(FlaskForm):
    heading_bg = StringField(_l("Heading in Bulgarian"), validators=[Length(max=300)])
    heading_en = StringField(_l("Heading in English"), validators=[Length(max=300)])
    body_bg = TextAreaField(
        _l("Text in Bulgarian"), validators=[Length(max=100_000)], description=MARKDOWN_HINT
    )
    body_en = TextAreaField(
        _l("Text in English"), validators=[Length(max=100_000)], description=MARKDOWN_HINT
    )
    submit = SubmitField(_l("Save section"))

    def validate_heading_bg(self, field):
        if not _clean(field.data) and not _clean(self.heading_en.data):
            raise ValidationError(_l("Give a heading in at least one language."))

    def values(self) -> dict:
        return {
            "heading_bg": _clean(self.heading_bg.data),
            "heading_en": _clean(self.heading_en.data),
            "body_bg": (self.body_bg.data or "").rstrip(),
            "body_en": (self.body_en.data or "").rstrip(),
        }


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), choices=lambda: enum_choices(DocumentKind))
    title = StringField(
        _l("Title"),
        validators=[InputRequired(message=_l("Give the document a title.")), Length(max=300)],
    )
    file = FileField(
        _l("File"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        description=_l("PDF, DOCX or ODT."),
    )
    submit = SubmitField(_l("Upload"))

    file_type = None
    size = 0

    def validate_file(self, field):
        try:
            self.file_type, self.size = check_upload(
                field.data.stream, current_app.config["MAX_DOCUMENT_BYTES"]
            )
        except DocumentRejected as error:
            raise ValidationError(error.message) from error


class ResponseForm(FlaskForm):
    """Staff's answer to one comment; use `prefix=f"r{comment.id}"` so many fit on one page."""

    decision = SelectField(
        _l("Decision"),
        choices=lambda: enum_choices(ResponseDecision, blank=_l("— choose —")),
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    reason_bg = TextAreaField(_l("Reasons in Bulgarian"), validators=[Length(max=10_000)])
    reason_en = TextAreaField(_l("Reasons in English"), validators=[Length(max=10_000)])
    next = HiddenField()
    submit = SubmitField(_l("Save response"))

    def validate_decision(self, field):
        if field.data not in {d.value for d in ResponseDecision}:
            raise ValidationError(_l("Choose a decision."))

    def validate_reason_bg(self, field):
        if not _clean(field.data) and not _clean(self.reason_en.data):
            raise ValidationError(_l("Give the reasons in at least one language."))


class ResponseFilterForm(FlaskForm):
    """The filters of the response workspace, read from the query string."""

    class Meta:
        csrf = False

    section = SelectField(_l("Section"), validators=[Optional()])
    status = SelectField(
        _l("Response"),
        choices=lambda: choices(
            [
                ("", _l("All")),
                ("unanswered", _l("Without response")),
                ("answered", _l("With response")),
            ]
        ),
        validators=[Optional()],
    )
    decision = SelectField(
        _l("Decision"),
        choices=lambda: enum_choices(ResponseDecision, blank=_l("Any decision")),
        validators=[Optional()],
    )
    sector = SelectField(
        _l("Stakeholder sector"),
        choices=lambda: enum_choices(Sector, blank=_l("All sectors")),
        validators=[Optional()],
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = choices(
            [
                ("", _l("All sections")),
                ("none", _l("Whole document")),
                *((str(s.id), localized(s, "heading").text) for s in sections),
            ]
        )

    def cleaned(self) -> dict:
        """The filters that hold a known value; unknown values are ignored, not errors."""
        section = self.section.data or ""
        valid_sections = {c.value for c in self.section.choices}
        decision = self.decision.data or ""
        return {
            "section": section if section in valid_sections and section else None,
            "status": self.status.data if self.status.data in ("unanswered", "answered") else None,
            "decision": ResponseDecision(decision)
            if decision in {d.value for d in ResponseDecision}
            else None,
            "sector": Sector(self.sector.data)
            if self.sector.data in {s.value for s in Sector}
            else None,
        }
