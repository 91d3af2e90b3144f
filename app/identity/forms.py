from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class UnlinkForm(FlaskForm):
    submit = SubmitField(_l("Unlink my e-ID"))
