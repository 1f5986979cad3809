from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..auth.forms import LANGUAGE_CHOICES
from ..core.antispam import AntiSpamMixin
from ..core.forms import choices
from ..core.i18n import current_language, localized
from . import services
from .models import Comment


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CommentForm(AntiSpamMixin, FlaskForm):
    """A comment on a consultation, on one of its sections, or a reply to a comment.

    `CommentForm(consultation=c)`: the section and the comment replied to must belong to `c`;
    after validation they are in `form.section` and `form.parent`.
    """

    body = TextAreaField(
        _l("Your comment"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Write your comment.")),
            Length(
                min=services.MIN_COMMENT_LENGTH,
                max=services.MAX_COMMENT_LENGTH,
                message=_l("A comment has 3 to 5000 characters."),
            ),
        ],
        render_kw={"maxlength": services.MAX_COMMENT_LENGTH, "rows": 6},
    )
    section_id = SelectField(_l("Your comment is about"), validate_choice=False)
    language = SelectField(
        _l("Language of your comment"), choices=LANGUAGE_CHOICES, default=current_language
    )
    show_name = BooleanField(
        _l("Show my name in the consultation report"),
        default=True,
        description=_l(
            "The report lists every published comment with the City’s response. "
            "Untick this to be listed there without your name."
        ),
    )
    parent_id = HiddenField()
    submit = SubmitField(_l("Send comment"))
    # app/core/antispam.py: no duplicate within minutes, at most ANTISPAM_MAX_LINKS links.
    spam_text_field, spam_model, spam_max_links = "body", Comment, True

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.section = None
        self.parent = None
        self.section_id.choices = choices(
            [("", _l("The consultation as a whole"))]
            + [(str(s.id), localized(s, "heading").text) for s in consultation.sections]
        )

    def validate_section_id(self, field):
        try:
            self.section = services.find_section(self.consultation, field.data)
        except services.InvalidTarget as error:
            raise ValidationError(error.message) from error

    def validate_parent_id(self, field):
        try:
            self.parent = services.find_parent(self.consultation, field.data)
        except services.InvalidTarget as error:
            raise ValidationError(error.message) from error

    @property
    def has_target_errors(self) -> bool:
        """A section or a parent comment that is not this consultation's (a tampered form)."""
        return bool(self.section_id.errors or self.parent_id.errors)
