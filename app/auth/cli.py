import click
from flask.cli import AppGroup

from ..extensions import db
from .models import Role, Sector
from .services import create_user, email_taken

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.CITIZEN.value)
@click.option(
    "--name", "display_name", default=None, help="Display name (default: the e-mail's local part)."
)
@click.option("--sector", type=click.Choice([s.value for s in Sector]), default=None)
@click.option("--organisation", default=None)
@click.password_option(help="Asked for when not given.")
def create_command(email, role, display_name, sector, organisation, password):
    """Create an account, e.g. `flask users create maria@sofia.bg --role staff`."""
    if email_taken(email):
        raise click.ClickException(f"An account with {email} already exists.")
    if not 12 <= len(password) <= 128:
        raise click.ClickException("The password must have 12 to 128 characters.")
    role = Role(role)
    if sector is None:
        sector = Sector.PUBLIC_ADMINISTRATION if role is not Role.CITIZEN else Sector.CITIZEN
    user = create_user(
        email=email,
        password=password,
        display_name=display_name or email.split("@")[0],
        role=role,
        sector=Sector(sector),
        organisation=organisation,
        verified=True,  # an administrator vouches for the address
    )
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")
