from flask import Blueprint

# The views are imported by create_app(), not here, so that importing this package's models
# never pulls in every other feature's views.
bp = Blueprint("proposals", __name__)
