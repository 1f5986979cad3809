from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from ..core.antispam import AntiSpamMixin
from ..core.forms import choices, enum_choices
from .models import DISTRICTS, Sector
from .passwords import PASSWORD_MAX, PASSWORD_MIN, password_problem
from .services import check_password, normalise_email

# Language names are written in their own language, as switchers usually show them.
LANGUAGE_CHOICES = choices([("bg", "Български"), ("en", "English")])
PASSWORD_HINT = _l(
    "At least 12 characters. A short sentence is easy to remember; no need for digits or "
    "symbols, but very common passwords are refused."
)


def strip(value):
    """Phones often add a space after an e-mail address; it is not part of it."""
    return value.strip() if isinstance(value, str) else value


def sector_choices():
    return enum_choices(Sector)


def district_choices():
    return choices([("", _l("— not in Sofia / prefer not to say —")), *DISTRICTS.items()])


def new_password_field(label=None):
    return PasswordField(
        label or _l("Password"),
        validators=[InputRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX)],
        description=PASSWORD_HINT,
    )


def confirm_field(other="password"):
    return PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo(other, message=_l("The passwords differ."))],
    )


def _check_policy(field, email, display_name):
    if field.errors:
        return  # the length message is enough
    problem = password_problem(field.data or "", email, display_name)
    if problem:
        raise ValidationError(problem)


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


class RegistrationForm(AntiSpamMixin, ProfileFields):
    email = EmailField(
        _l("E-mail"), filters=[strip], validators=[InputRequired(), Email(), Length(max=254)]
    )
    password = new_password_field()
    confirm = confirm_field()
    submit = SubmitField(_l("Create account"))

    # No check that the address is free: that would tell anyone which addresses have an
    # account. A taken address gets the same answer; its owner is told by e-mail.
    def validate_password(self, field):
        _check_policy(field, self.email.data, self.display_name.data)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), filters=[strip], validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=PASSWORD_MAX)])
    submit = SubmitField(_l("Log in"))


class ProfileForm(ProfileFields):
    submit = SubmitField(_l("Save profile"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), filters=[strip], validators=[InputRequired(), Email(), Length(max=254)]
    )
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    """A new password for `user`, who opened a reset link."""

    password = new_password_field(_l("New password"))
    confirm = confirm_field()
    submit = SubmitField(_l("Set the new password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_password(self, field):
        _check_policy(field, self.user.email, self.user.display_name)


class _NeedsCurrentPassword(FlaskForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not check_password(self.user, field.data or ""):
            raise ValidationError(_l("This is not your current password."))


class ChangePasswordForm(_NeedsCurrentPassword):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(), Length(max=PASSWORD_MAX)]
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_field()
    submit = SubmitField(_l("Change the password"))

    def validate_password(self, field):
        _check_policy(field, self.user.email, self.user.display_name)


class ChangeEmailForm(_NeedsCurrentPassword):
    email = EmailField(
        _l("New e-mail address"),
        filters=[strip],
        validators=[InputRequired(), Email(), Length(max=254)],
    )
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(), Length(max=PASSWORD_MAX)]
    )
    submit = SubmitField(_l("Send a confirmation link"))

    def validate_email(self, field):
        if normalise_email(field.data or "") == self.user.email:
            raise ValidationError(_l("This is already your address."))


class DeleteAccountForm(_NeedsCurrentPassword):
    current_password = PasswordField(
        _l("Your password, to confirm"), validators=[InputRequired(), Length(max=PASSWORD_MAX)]
    )
    submit = SubmitField(_l("Delete my account"))
