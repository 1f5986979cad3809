"""Column type for Python enums, stored as their string values on every database."""

import enum

from sqlalchemy import Enum


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    # Plain VARCHAR rather than a native PostgreSQL enum: adding a value later is then a
    # code change, not a type migration, and SQLite and PostgreSQL share one migration.
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
