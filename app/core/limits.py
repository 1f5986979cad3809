"""Rate limits: one table says which endpoint is limited, by which setting, per what key.

Only POST requests count. The limit strings live in `config.py` (`RATELIMIT_*`, several
limits separated by ";") and are read at request time, so an environment variable changes
them without touching code. Counters are kept where `RATELIMIT_STORAGE_URI` says: memory of
the process in development and tests, Redis in production, shared by every worker and machine.

Each application gets its own `Limiter` (see `init_app`): Flask-Limiter keeps its settings on
the extension object, and one shared object would mix the settings of the many apps a test
run creates. To limit a new endpoint, add a `Rule` below; endpoints that do not exist (yet) are
skipped, and tests/security/test_rate_limits.py lists those the table must find.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_login import current_user


# -- keys ---------------------------------------------------------------------------------
def client_ip() -> str:
    """The client's address (behind trusted proxies, see TRUSTED_PROXIES)."""
    return request.remote_addr or "unknown"


def ip_and_email() -> str:
    """The address and the e-mail typed into the form; the e-mail is hashed, not stored."""
    email = (request.form.get("email") or "").strip().lower()
    digest = hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:24]
    return f"{client_ip()}|{digest}"


def account_or_ip() -> str:
    """The logged-in account; visitors (who are sent to log in anyway) by address."""
    if current_user.is_authenticated:
        return f"account:{current_user.get_id()}"
    return f"ip:{client_ip()}"


KEYS = {"ip": client_ip, "ip+email": ip_and_email, "account": account_or_ip}


# -- the table ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    endpoint: str
    setting: str  # the config key holding the limit string
    key: str  # one of KEYS
    shared: str | None = None  # endpoints with the same name count together


RULES = (
    Rule("auth.login", "RATELIMIT_LOGIN", "ip+email"),
    Rule("auth.login", "RATELIMIT_LOGIN_IP", "ip"),
    Rule("auth.register", "RATELIMIT_REGISTER", "ip"),
    Rule("auth.forgot_password", "RATELIMIT_PASSWORD_RESET", "ip+email"),
    Rule("auth.forgot_password", "RATELIMIT_PASSWORD_RESET_IP", "ip"),
    Rule("auth.reset_password", "RATELIMIT_PASSWORD_RESET_IP", "ip"),
    Rule("auth.resend_verification", "RATELIMIT_EMAIL", "account"),
    Rule("auth.change_email", "RATELIMIT_EMAIL", "account"),
    # Forms that check the current password: the login limits, per account.
    Rule("auth.change_password", "RATELIMIT_LOGIN", "account"),
    Rule("auth.delete_account", "RATELIMIT_LOGIN", "account"),
    Rule("consultations.comment", "RATELIMIT_COMMENT", "account"),
    Rule("proposals.new", "RATELIMIT_PROPOSAL", "account"),
    Rule("proposals.support", "RATELIMIT_SUPPORT", "account", shared="support"),
    Rule("proposals.withdraw", "RATELIMIT_SUPPORT", "account", shared="support"),
    Rule("moderation.flag", "RATELIMIT_FLAG", "account"),
    Rule("moderation.appeal", "RATELIMIT_APPEAL", "account"),
)


def _setting(name: str):
    return lambda: current_app.config[name]


def init_app(app: Flask) -> Limiter:
    """Bind a Limiter to `app` and limit the endpoints of RULES. Call after the blueprints."""
    limiter = Limiter(key_func=client_ip)
    limiter.init_app(app)
    app.extensions["glas_limiter"] = limiter
    for rule in RULES:
        view = app.view_functions.get(rule.endpoint)
        if view is None:
            continue
        options = {"key_func": KEYS[rule.key], "methods": ["POST"]}
        if rule.shared:
            decorate = limiter.shared_limit(_setting(rule.setting), scope=rule.shared, **options)
        else:
            decorate = limiter.limit(_setting(rule.setting), **options)
        app.view_functions[rule.endpoint] = decorate(view)
    return limiter


def limited_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in RULES if rule.endpoint in app.view_functions}


def retry_after() -> timedelta | None:
    """How long until the limit that refused this request lets it through again."""
    limiter = current_app.extensions.get("glas_limiter")
    limit = limiter.current_limit if limiter is not None else None
    if limit is None:
        return None
    return timedelta(seconds=max(1, int(limit.reset_at - time.time())))
