"""Settings, all read from the environment.

`create_app()` picks the class named by `GLAS_CONFIG` (development by default); every value
can be overridden by an environment variable of the same name.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("GLAS_INSTANCE_DIR", BASE_DIR / "instance"))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'glas.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "bg"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("GLAS_TIMEZONE", "Europe/Sofia")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("bg", "en")

    UPLOAD_FOLDER = os.environ.get("GLAS_UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MAX_DOCUMENT_BYTES = _env_int("GLAS_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
    MAX_CONTENT_LENGTH = MAX_DOCUMENT_BYTES + 1024 * 1024

    # Proposals reaching this many supports move to "threshold reached".
    SUPPORT_THRESHOLD = _env_int("GLAS_SUPPORT_THRESHOLD", 50)
    PAGE_SIZE = _env_int("GLAS_PAGE_SIZE", 20)

    # Argon2id cost. The defaults are RFC 9106's low-memory profile, above OWASP's minimum
    # (m=19 MiB, t=2, p=1).
    ARGON2_TIME_COST = _env_int("GLAS_ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_KIB = _env_int("GLAS_ARGON2_MEMORY_KIB", 65536)
    ARGON2_PARALLELISM = _env_int("GLAS_ARGON2_PARALLELISM", 4)

    # E-mail: "folder" writes messages to MAIL_FOLDER and the console; "smtp" sends them.
    MAIL_BACKEND = os.environ.get("GLAS_MAIL_BACKEND", "folder")
    MAIL_FOLDER = os.environ.get("GLAS_MAIL_FOLDER", str(INSTANCE_DIR / "mail"))
    MAIL_FROM = os.environ.get("GLAS_MAIL_FROM", "Glas <no-reply@glas.local>")
    MAIL_SERVER = os.environ.get("GLAS_MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("GLAS_MAIL_PORT", 587)
    MAIL_USE_TLS = _env_bool("GLAS_MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("GLAS_MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("GLAS_MAIL_PASSWORD", "")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("GLAS_SECURE_COOKIES", False)
    WTF_CSRF_TIME_LIMIT = None


class DevelopmentConfig(Config):
    # A fixed key only for the embedded default, so that the demo keeps sessions across restarts.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    WTF_CSRF_ENABLED = False
    # Cheap hashing keeps the suite fast; production cost is configured above.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 1024
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("GLAS_SECURE_COOKIES", True)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
