from flask import Blueprint

# The views are imported by create_app(), not here (see app/moderation/__init__.py).
bp = Blueprint("notifications", __name__)
