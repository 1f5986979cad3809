"""Participants and staff accounts."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_login import UserMixin
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.enums import enum_column
from ..core.timeutil import utcnow
from ..extensions import db


class Role(enum.Enum):
    CITIZEN = "citizen"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CITIZEN: _l("Participant"),
    Role.MODERATOR: _l("Moderator"),
    Role.STAFF: _l("Staff"),
    Role.ADMIN: _l("Administrator"),
}


class Sector(enum.Enum):
    """The stakeholder sector a participant declares; the evidence breaks results down by it."""

    CITIZEN = "citizen"
    BUSINESS = "business"
    ACADEMIA = "academia"
    NGO = "ngo"
    PUBLIC_ADMINISTRATION = "public_administration"
    OTHER = "other"

    @property
    def label(self):
        return SECTOR_LABELS[self]


SECTOR_LABELS = {
    Sector.CITIZEN: _l("Citizen"),
    Sector.BUSINESS: _l("Business"),
    Sector.ACADEMIA: _l("Academia"),
    Sector.NGO: _l("Non-governmental organisation"),
    Sector.PUBLIC_ADMINISTRATION: _l("Public administration"),
    Sector.OTHER: _lp("stakeholder sector", "Other"),
}

# Sofia's 24 districts (райони), in the order the municipality lists them.
DISTRICTS = {
    "sredets": _l("Sredets"),
    "krasno_selo": _l("Krasno Selo"),
    "vazrazhdane": _l("Vazrazhdane"),
    "oborishte": _l("Oborishte"),
    "serdika": _l("Serdika"),
    "poduyane": _l("Poduyane"),
    "slatina": _l("Slatina"),
    "izgrev": _l("Izgrev"),
    "lozenets": _l("Lozenets"),
    "triaditsa": _l("Triaditsa"),
    "krasna_polyana": _l("Krasna Polyana"),
    "ilinden": _l("Ilinden"),
    "nadezhda": _l("Nadezhda"),
    "iskar": _l("Iskar"),
    "mladost": _l("Mladost"),
    "studentski": _l("Studentski"),
    "vitosha": _l("Vitosha"),
    "ovcha_kupel": _l("Ovcha Kupel"),
    "lyulin": _l("Lyulin"),
    "vrabnitsa": _l("Vrabnitsa"),
    "novi_iskar": _l("Novi Iskar"),
    "kremikovtsi": _l("Kremikovtsi"),
    "pancharevo": _l("Pancharevo"),
    "bankya": _l("Bankya"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.CITIZEN)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector), default=Sector.CITIZEN)
    organisation: Mapped[str | None] = mapped_column(String(160))
    district: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(5), default="bg")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the person opened the confirmation link sent to `email`; until then they can
    # read and log in but not comment, propose, support or report.
    email_verified_at: Mapped[datetime | None]
    # Stored in the session at login; a session carrying another number is logged out. Raised
    # when the password changes, so that every other device has to log in again.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set when the person erased their account: the row stays (anonymised) so that what they
    # published keeps its place in the public record and support counts stay right.
    deleted_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to log in an inactive account: an erased one is."""
        return self.deleted_at is None

    @property
    def can_moderate(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def public_name(self) -> str:
        """How the person appears next to what they wrote: organisation first, if any."""
        if self.organisation:
            return f"{self.display_name} ({self.organisation})"
        return self.display_name

    @property
    def district_label(self):
        return DISTRICTS.get(self.district) if self.district else None
