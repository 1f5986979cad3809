"""Maturity evidence: indicators computed from the platform's data, the public page
"Participation in numbers", the staff evidence pack, and `flask evidence docs`."""

from flask import Blueprint

bp = Blueprint("evidence", __name__, cli_group="evidence")
