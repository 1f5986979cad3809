from flask import Blueprint

# The views are imported by create_app(), not here (see app/auth/__init__.py).
bp = Blueprint("admin", __name__)
