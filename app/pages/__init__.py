from flask import Blueprint

# Static pages: privacy notice and terms of use. Views are imported by create_app().
bp = Blueprint("pages", __name__)
