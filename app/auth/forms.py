from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from ..core.forms import choices, enum_choices
from .models import DISTRICTS, Sector
from .services import email_taken

PASSWORD_MIN = 12
PASSWORD_MAX = 128
# Language names are written in their own language, as switchers usually show them.
LANGUAGE_CHOICES = choices([("bg", "Български"), ("en", "English")])


def sector_choices():
    return enum_choices(Sector)


def district_choices():
    return choices([("", _l("— not in Sofia / prefer not to say —")), *DISTRICTS.items()])


class ProfileFields(FlaskForm):
    display_name = StringField(
        _l("Name shown with your contributions"), validators=[InputRequired(), Length(max=80)]
    )
    sector = SelectField(
        _l("You take part as"),
        choices=sector_choices,
        validators=[InputRequired()],
        description=_l("The consultation report shows how each sector took part."),
    )
    organisation = StringField(
        _l("Organisation (optional)"),
        validators=[Optional(), Length(max=160)],
        description=_l("If you speak for a company, university or NGO, name it here."),
    )
    district = SelectField(_l("Sofia district (optional)"), choices=district_choices)
    locale = SelectField(_l("Preferred language"), choices=LANGUAGE_CHOICES)


class RegistrationForm(ProfileFields):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Email(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX)],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Create account"))

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError(_l("An account with this e-mail already exists."))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=PASSWORD_MAX)])
    submit = SubmitField(_l("Log in"))


class ProfileForm(ProfileFields):
    submit = SubmitField(_l("Save profile"))
