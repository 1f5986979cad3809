#!/usr/bin/env python3
"""The project's commands; nothing but Python 3.11 is needed to use them.

python3 tasks.py run        install into .venv, migrate, load demo data, serve on :5000
python3 tasks.py test       install dev tools, lint, run the suite on SQLite and PostgreSQL
python3 tasks.py translate  extract messages and update and compile both catalogs
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
DEFAULT_TEST_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def sh(*args, env=None, check=True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=check).returncode


def ensure_venv(requirements: str) -> None:
    """Create .venv and install `requirements` when they changed since the last install."""
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    req = ROOT / requirements
    digest = hashlib.sha256(req.read_bytes() + (ROOT / "requirements.txt").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{req.stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", req)
    stamp.write_text(digest)


def flask_env(**extra) -> dict:
    env = dict(os.environ, FLASK_APP="wsgi.py", **extra)
    env.setdefault("GLAS_CONFIG", "development")
    return env


def compile_catalogs() -> None:
    sh(PY, "-m", "babel.messages.frontend", "compile", "-d", "translations", "--statistics")


def run() -> None:
    ensure_venv("requirements.txt")
    compile_catalogs()
    env = flask_env()
    sh(BIN / "flask", "db", "upgrade", env=env)
    sh(BIN / "flask", "seed-demo", env=env)
    print("\nGlas runs at http://127.0.0.1:5000  (Ctrl+C stops it)\n", flush=True)
    sh(BIN / "flask", "run", "--host", "127.0.0.1", "--port", "5000", env=env, check=False)


def postgres_reachable(url: str) -> bool:
    probe = (
        "import sys, psycopg\n"
        "try:\n    psycopg.connect(sys.argv[1], connect_timeout=3).close()\n"
        "except Exception as e:\n    print(e); sys.exit(1)\n"
    )
    return subprocess.run([str(PY), "-c", probe, url], cwd=ROOT).returncode == 0


def audit_dependencies() -> bool:
    """pip-audit on the virtualenv; False when it found known vulnerabilities.

    pip-audit asks PyPI's JSON API which releases have advisories. Where that API cannot be
    reached (a registry mirror that serves only the package index answers 404 for every
    release) nothing can be audited: that is said loudly and the tests go on, in CI too. Where
    it answers, any known vulnerability fails the test command.
    """
    import json

    print("+ pip-audit --local --format json", flush=True)
    run = subprocess.run(
        [str(BIN / "pip-audit"), "--local", "--format", "json", "--progress-spinner", "off"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(run.stdout, run.stderr, sep="\n")
        return run.returncode == 0
    audited = [d for d in report if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if report and not audited:
        print("\n" + "!" * 72)
        print("!! SKIPPED the dependency audit: PyPI's vulnerability data cannot be reached")
        print(f"!! from here ({len(report)} packages could not be audited).")
        print("!! Run `.venv/bin/pip-audit --local` where https://pypi.org/pypi/ answers.")
        print("!" * 72 + "\n", flush=True)
        return True
    print(f"pip-audit: {len(audited)} packages audited, {len(vulnerable)} vulnerable.", flush=True)
    return not vulnerable


def test(pytest_args: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    compile_catalogs()
    sh(BIN / "ruff", "check", ".")
    sh(BIN / "ruff", "format", "--check", ".")
    audit_failed = not audit_dependencies()
    base = dict(os.environ)
    base.pop("DATABASE_URL", None)
    base.pop("TEST_DATABASE_URL", None)

    print("\n=== Test suite on SQLite ===", flush=True)
    failed = sh(PY, "-m", "pytest", *pytest_args, env=base, check=False) != 0 or audit_failed

    pg_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES)
    print(f"\n=== Test suite on PostgreSQL ({pg_url}) ===", flush=True)
    if postgres_reachable(pg_url):
        env = dict(base, TEST_DATABASE_URL=pg_url)
        failed |= sh(PY, "-m", "pytest", *pytest_args, env=env, check=False) != 0
    elif os.environ.get("CI"):
        print("PostgreSQL is not reachable, and CI must run the suite on it: failing.")
        failed = True
    else:
        print("\n" + "!" * 72)
        print(f"!! SKIPPED the PostgreSQL run: nothing answers at {pg_url}.")
        print("!! Set TEST_POSTGRES_URL or start PostgreSQL; CI always runs it.")
        print("!" * 72 + "\n")
    return 1 if failed else 0


def translate() -> None:
    ensure_venv("requirements-dev.txt")
    babel = [PY, "-m", "babel.messages.frontend"]
    sh(
        *babel,
        "extract",
        "-F",
        "translations/babel.cfg",
        "-k",
        "_l",
        "-k",
        "_lp:1c,2",
        "--no-location",
        "--sort-output",
        "-o",
        "translations/messages.pot",
        ".",
    )
    sh(
        *babel,
        "update",
        "-i",
        "translations/messages.pot",
        "-d",
        "translations",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    compile_catalogs()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "translate"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        run()
    elif command == "test":
        return test(rest)
    else:
        translate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
