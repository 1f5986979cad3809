"""Atom feeds (new and upcoming consultations, published reports, answered proposals) and an
iCalendar feed of consultation periods. Each follows `?lang=` (Bulgarian by default)."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
