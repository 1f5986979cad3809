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

    # Maturity evidence (app/evidence). Residents of the city: NSI, 2021 census (Stolichna
    # municipality); the populations of the 24 districts are in app/evidence/districts.py and
    # can be replaced with DISTRICT_POPULATIONS = {"sredets": ..., ...}.
    CITY_POPULATION = _env_int("GLAS_CITY_POPULATION", 1_274_290)
    DISTRICT_POPULATIONS = None
    # A consultation is "announced in advance" when published at least this many days before
    # it opens.
    EVIDENCE_ADVANCE_NOTICE_DAYS = _env_int("GLAS_EVIDENCE_ADVANCE_NOTICE_DAYS", 14)

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
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None  # host-only: never shared with other subdomains
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    # How long the links sent by e-mail work, in seconds.
    EMAIL_VERIFICATION_MAX_AGE = _env_int("GLAS_EMAIL_VERIFICATION_MAX_AGE", 48 * 3600)
    EMAIL_CHANGE_MAX_AGE = _env_int("GLAS_EMAIL_CHANGE_MAX_AGE", 48 * 3600)
    PASSWORD_RESET_MAX_AGE = _env_int("GLAS_PASSWORD_RESET_MAX_AGE", 3600)

    # The data controller's contact shown on the privacy page (set it for a real deployment).
    PRIVACY_CONTACT = os.environ.get("GLAS_PRIVACY_CONTACT", "privacy@example.invalid")

    # -- Security headers (app/core/security.py) ------------------------------------------
    # Strict-Transport-Security is sent only where this is on (production, behind HTTPS).
    SECURITY_HSTS = _env_bool("GLAS_HSTS", False)
    SECURITY_HSTS_MAX_AGE = _env_int("GLAS_HSTS_MAX_AGE", 31_536_000)
    # How many reverse proxies stand in front of the app and set X-Forwarded-For/-Proto.
    # 0 trusts none (the client's address is the socket's); never more than really exist,
    # or clients could choose their own address and escape the rate limits.
    TRUSTED_PROXIES = _env_int("GLAS_TRUSTED_PROXIES", 0)

    # -- Rate limits (app/core/limits.py; Flask-Limiter). Only POSTs count. ---------------
    # Several limits are separated by ";". Keys: "ip" the client address, "ip+email" the
    # address and the e-mail typed into the form, "account" the logged-in account.
    RATELIMIT_ENABLED = _env_bool("GLAS_RATELIMIT_ENABLED", True)
    # memory:// counts per process (development); production shares Redis between workers.
    RATELIMIT_STORAGE_URI = os.environ.get("GLAS_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("GLAS_RATELIMIT_KEY_PREFIX", "glas")
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True  # X-RateLimit-* and Retry-After
    RATELIMIT_LOGIN = os.environ.get("GLAS_RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_LOGIN_IP = os.environ.get("GLAS_RATELIMIT_LOGIN_IP", "30 per minute;300 per hour")
    RATELIMIT_REGISTER = os.environ.get("GLAS_RATELIMIT_REGISTER", "10 per hour;30 per day")
    RATELIMIT_PASSWORD_RESET = os.environ.get("GLAS_RATELIMIT_PASSWORD_RESET", "5 per hour")
    RATELIMIT_PASSWORD_RESET_IP = os.environ.get("GLAS_RATELIMIT_PASSWORD_RESET_IP", "20 per hour")
    RATELIMIT_COMMENT = os.environ.get("GLAS_RATELIMIT_COMMENT", "10 per hour;40 per day")
    RATELIMIT_PROPOSAL = os.environ.get("GLAS_RATELIMIT_PROPOSAL", "3 per hour;10 per day")
    RATELIMIT_SUPPORT = os.environ.get("GLAS_RATELIMIT_SUPPORT", "60 per minute;300 per day")
    RATELIMIT_FLAG = os.environ.get("GLAS_RATELIMIT_FLAG", "20 per hour;60 per day")
    RATELIMIT_APPEAL = os.environ.get("GLAS_RATELIMIT_APPEAL", "10 per hour;30 per day")
    # Requests that send an e-mail to an address (confirmation links, address changes).
    RATELIMIT_EMAIL = os.environ.get("GLAS_RATELIMIT_EMAIL", "5 per hour;20 per day")

    # Threads (a comment and its replies) per page of the public report page; the downloads
    # always hold the whole report.
    REPORT_THREADS_PER_PAGE = _env_int("GLAS_REPORT_THREADS_PER_PAGE", 50)

    # -- Cache (Flask-Caching): read models too costly to compute on every request ---------
    # SimpleCache keeps them in each process (development); production shares Redis.
    CACHE_TYPE = os.environ.get("GLAS_CACHE_TYPE", "SimpleCache")
    CACHE_REDIS_URL = os.environ.get("GLAS_CACHE_REDIS_URL", "redis://127.0.0.1:6379/1")
    CACHE_KEY_PREFIX = os.environ.get("GLAS_CACHE_KEY_PREFIX", "glas:")
    CACHE_DEFAULT_TIMEOUT = 300
    # Public pages rendered for anonymous visitors are shared for this many seconds
    # (app/core/page_cache.py); 0 turns it off. Off by default; production turns it on.
    PAGE_CACHE_SECONDS = _env_int("GLAS_PAGE_CACHE_SECONDS", 0)
    # The public participation figures (/participation/) are recomputed at most this often.
    EVIDENCE_CACHE_SECONDS = _env_int("GLAS_EVIDENCE_CACHE_SECONDS", 600)

    # -- Abuse resistance (app/core/antispam.py) -------------------------------------------
    # Registration, comment and proposal forms refuse a submission sent sooner than this
    # after the form was shown (0 turns the check off).
    ANTISPAM_MIN_FILL_SECONDS = _env_int("GLAS_ANTISPAM_MIN_FILL_SECONDS", 3)
    # The same text sent twice by one account within this many minutes is a duplicate.
    ANTISPAM_DUPLICATE_MINUTES = _env_int("GLAS_ANTISPAM_DUPLICATE_MINUTES", 10)
    # At most this many links in one comment.
    ANTISPAM_MAX_LINKS = _env_int("GLAS_ANTISPAM_MAX_LINKS", 3)


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
    # Rate limits and the minimum fill time are on only in the tests that test them.
    RATELIMIT_ENABLED = False
    ANTISPAM_MIN_FILL_SECONDS = 0
    # Every test sees the figures of its own data; tests of the cache switch it on.
    CACHE_TYPE = "NullCache"
    # A relationship lazy-loading twice in one request (an N+1 loop) raises (app/core/
    # lazyload_guard.py).
    GLAS_RAISE_ON_LAZY_LOOP = True


class ProductionConfig(Config):
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,  # survive a database restart or failover
        "pool_size": _env_int("GLAS_DB_POOL_SIZE", 5),
        "max_overflow": _env_int("GLAS_DB_MAX_OVERFLOW", 5),
        "pool_recycle": _env_int("GLAS_DB_POOL_RECYCLE", 1800),
    }
    SECURITY_HSTS = _env_bool("GLAS_HSTS", True)
    TRUSTED_PROXIES = _env_int("GLAS_TRUSTED_PROXIES", 1)
    RATELIMIT_STORAGE_URI = os.environ.get("GLAS_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    # If Redis fails, count in each worker's memory rather than refuse every request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    CACHE_TYPE = os.environ.get("GLAS_CACHE_TYPE", "RedisCache")
    PAGE_CACHE_SECONDS = _env_int("GLAS_PAGE_CACHE_SECONDS", 10)
    SESSION_COOKIE_SECURE = _env_bool("GLAS_SECURE_COOKIES", True)
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for path "/" and
    # without a Domain: no subdomain and no plain-HTTP page can set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
