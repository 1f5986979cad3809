"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (GLAS_WORKERS, GLAS_THREADS, GLAS_BIND, ...).
The application keeps no state in the process, so more capacity means more workers here and
more machines behind the reverse proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GLAS_BIND", "127.0.0.1:8000")
# Two workers per core is the usual start for an I/O-bound app; threads let one worker overlap
# database waits without more memory.
workers = int(os.environ.get("GLAS_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GLAS_THREADS", 2))
worker_class = "gthread"
# Load the app before forking: one copy of the code in memory, and a broken app fails at start.
preload_app = True
timeout = int(os.environ.get("GLAS_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never becomes an outage; not so often that a
# busy server (a thousand cached pages a second) restarts a worker every few seconds and
# pays its warm-up each time.
max_requests = int(os.environ.get("GLAS_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
# gunicorn 23+ opens a control socket at one fixed path per user: several servers on one
# host (or the benchmark's two) would fight over it, and nothing here uses it.
control_socket_disable = True
# The reverse proxy terminates TLS and sets X-Forwarded-*; trust only it.
forwarded_allow_ips = os.environ.get("GLAS_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GLAS_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GLAS_LOG_LEVEL", "info")


def post_fork(server, worker):  # noqa: ARG001
    """Each worker opens its own database connections: never share a pool across a fork."""
    app = server.app.wsgi()
    # Only an app with Flask-SQLAlchemy has a pool (bench/hello.py, the benchmark's ceiling,
    # runs under this same file and has none).
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return
    from app.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
