import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Fill an empty database with bilingual demo data (safe to run twice)."""
    raise click.ClickException("seed-demo is being written")
