from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from ..auth.models import Role
from ..core.forms import enum_choices


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=lambda: enum_choices(Role))
    submit = SubmitField(_l("Change role"))
