from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from ..core.antispam import AntiSpamMixin
from ..core.forms import choices, enum_choices
from ..core.i18n import localized
from .models import ANSWER_STAGES, Proposal, Stage
from .services import SORT_NEWEST, SORT_SUPPORTED

# Language names are written in their own language, as switchers usually show them.
LANGUAGE_CHOICES = choices([("bg", "Български"), ("en", "English")])
TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 20, 10000


def category_choices(categories, blank) -> list:
    return choices([("", blank), *((str(c.id), localized(c, "name").text) for c in categories)])


class FilterForm(FlaskForm):
    """The GET filters above the list; wrong values are ignored, not reported."""

    class Meta:
        csrf = False

    category = SelectField(_l("Category"), default="")
    stage = SelectField(_l("Stage"), default="")
    sort = SelectField(
        _l("Sort by"),
        default=SORT_SUPPORTED,
        choices=choices([(SORT_SUPPORTED, _l("Most supported")), (SORT_NEWEST, _l("Newest"))]),
    )

    def __init__(self, categories, **kwargs):
        super().__init__(**kwargs)
        self.category.choices = category_choices(categories, _l("All categories"))
        self.stage.choices = enum_choices(Stage, blank=_l("All stages"))

    def chosen(self) -> dict:
        """The filters to apply: only the values the select offered."""
        self.validate()
        category = self.category.data if not self.category.errors else ""
        stage = self.stage.data if not self.stage.errors else ""
        sort = self.sort.data if not self.sort.errors else SORT_SUPPORTED
        return {
            "category_id": int(category) if category else None,
            "stage": Stage(stage) if stage else None,
            "sort": sort or SORT_SUPPORTED,
        }


class ProposalForm(AntiSpamMixin, FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(), Length(min=TITLE_MIN, max=TITLE_MAX)],
        description=_l("A short sentence that says what you propose."),
    )
    body = TextAreaField(
        _l("Your proposal"),
        validators=[InputRequired(), Length(min=BODY_MIN, max=BODY_MAX)],
        description=_l("What should change, why, and who would benefit. Plain text; links work."),
    )
    # Required only when staff have created categories (see validate_category).
    category = SelectField(_l("Category"), default="")
    language = SelectField(_l("Language of your text"), choices=LANGUAGE_CHOICES)
    submit = SubmitField(_l("Submit for moderation"))
    # app/core/antispam.py: the same text twice within minutes is refused as a duplicate.
    spam_text_field, spam_model = "body", Proposal

    def __init__(self, categories, **kwargs):
        super().__init__(**kwargs)
        self.has_categories = bool(categories)
        self.category.choices = category_choices(categories, _l("— choose a category —"))
        self.category.flags.required = self.has_categories

    def validate_category(self, field):
        if self.has_categories and not field.data:
            raise ValidationError(_l("Choose the category closest to your proposal."))


def answer_stage_choices():
    return choices([(stage.value, stage.label) for stage in ANSWER_STAGES])


class AnswerForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=answer_stage_choices, validators=[InputRequired()])
    answer_bg = TextAreaField(
        _l("Answer in Bulgarian"),
        validators=[Length(max=20000)],
        description=_l("Markdown. Give the reasons, above all when the proposal is not accepted."),
    )
    answer_en = TextAreaField(
        _l("Answer in English"),
        validators=[Length(max=20000)],
        description=_l("Markdown. Where one language is empty, the other is shown with a note."),
    )
    submit = SubmitField(_l("Publish the answer"))

    def validate_answer_bg(self, field):
        if not (field.data or "").strip() and not (self.answer_en.data or "").strip():
            raise ValidationError(_l("Write the answer in Bulgarian, in English or in both."))


class CategoryForm(FlaskForm):
    name_bg = StringField(_l("Name in Bulgarian"), validators=[InputRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[InputRequired(), Length(max=120)])
    submit = SubmitField(_l("Add category"))


class CategoryEditForm(CategoryForm):
    position = IntegerField(
        _l("Position"), validators=[InputRequired(), NumberRange(min=0, max=10000)]
    )
    submit = SubmitField(_l("Save"))
