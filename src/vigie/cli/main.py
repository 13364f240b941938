"""Entry point of the ``vigie`` command; assembles the command groups."""

from __future__ import annotations

import typer

from vigie.cli import (
    audit,
    cases,
    db,
    demo,
    evidence,
    mail,
    registry,
    scan,
    serve,
    social,
    users,
    verify,
)

app = typer.Typer(
    name="vigie",
    help="Vigie: check practitioners against the RPPS registry, scan posts, handle reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(registry.app, name="registry")
app.add_typer(scan.app, name="scan")
app.add_typer(users.app, name="users")
app.add_typer(cases.app, name="cases")
app.add_typer(audit.app, name="audit")
app.add_typer(evidence.app, name="evidence")
app.add_typer(social.app, name="social")
app.add_typer(mail.app, name="mail")
verify.register(app)
serve.register(app)
demo.register(app)
