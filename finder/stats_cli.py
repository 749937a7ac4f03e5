"""`finder users …` (Ufficio di Piano accounts) and `finder stats export` (the Piano di Zona's yearly report)."""
from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

import click

from .app import create_app
from .routes.statistics import printable_page
from .settings import content_files
from .stats import reports
from .stats.users import AccountError, add_user, remove_user, user_names


def _app():
    return create_app({"FINDER_CONTENT": os.pathsep.join(content_files(())), "FINDER_WATCH_CONTENT": False})


def _store(app):
    return app.extensions["finder_stats"]


@click.group()
def users():
    """Ufficio di Piano accounts for /statistiche (no account exists until you add one)."""


@users.command("add")
@click.argument("name")
@click.password_option(help="Asked twice when not given (at least 12 characters).")
def users_add(name, password):
    """Create the account NAME; its password is stored hashed."""
    try:
        add_user(_store(_app()), name, password)
    except AccountError as error:
        click.echo(f"finder users add: {error}", err=True)
        sys.exit(1)
    click.echo(f"account {name} created")


@users.command("remove")
@click.argument("name")
def users_remove(name):
    """Delete the account NAME."""
    if not remove_user(_store(_app()), name):
        click.echo(f"finder users remove: no account named {name}", err=True)
        sys.exit(1)
    click.echo(f"account {name} removed")


@users.command("list")
def users_list():
    for name in user_names(_store(_app())):
        click.echo(name)


@click.group()
def stats():
    """The anonymous statistics of needs."""


def _day(_context, _parameter, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day written YYYY-MM-DD") from None


@stats.command("export")
@click.option("--from", "first", callback=_day, help="First day, YYYY-MM-DD (default: the first counted).")
@click.option("--to", "last", callback=_day, help="Last day, YYYY-MM-DD (default: today).")
@click.option("--format", "kind", type=click.Choice(["csv", "html"]), default="csv",
              help="csv (every table, one after the other) or html (a page to print).")
@click.option("--output", type=click.Path(dir_okay=False), help="File to write (default: standard output).")
def stats_export(first, last, kind, output):
    """Every report for a period, counts under five as "< 5"."""
    app = _app()
    if kind == "csv":
        text = "".join(f"# {slug}\n" + reports.csv_text(reports.report_rows(_store(app), report, first, last),
                                                         report.by) + "\n"
                       for slug, report in reports.REPORTS.items())
    else:
        with app.test_request_context("/statistiche/stampa"):
            app.preprocess_request()
            text = printable_page(first, last)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"written {output} ({datetime.now():%Y-%m-%d})", err=True)
    else:
        click.echo(text, nl=False)


def register(main) -> None:
    main.add_command(users)
    main.add_command(stats)
