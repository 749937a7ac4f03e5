"""The `finder` command: check content, build the search database, serve the site (and the assistant's
`ask` and `eval`, registered from finder.assistant.cli)."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import default_content
from .catalog import check_files
from .catalog.quality import quality_warnings, translation_coverage


def _content_option(function):
    return click.option("--content", "contents", multiple=True, type=click.Path(),
                        help="A catalogue file (repeatable). Default: the site's own content.")(function)


def content_files(contents) -> list[str]:
    if contents:
        return list(contents)
    return [path for path in os.environ.get("FINDER_CONTENT", default_content()).split(os.pathsep) if path]


@click.group()
def main():
    """Finder: the district's social services and the right door to knock on."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
def check(files):
    """Check catalogue files: prints FILE:LINE: field: message, exits 1 on errors."""
    files = list(files) or content_files(())
    try:
        problems, catalog = check_files(files)
    except Exception as error:  # a checker bug must still give the editor an answer, never a traceback
        click.echo(f"{files[0]}:1: (file): could not be checked ({error.__class__.__name__}); "
                   "please report this to the site's maintainers", err=True)
        sys.exit(2)
    if catalog is not None:
        problems = problems + quality_warnings(catalog)
    for problem in sorted(problems, key=lambda p: (p.file, p.line)):
        click.echo(str(problem))
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if catalog is not None:
        click.echo(f"{', '.join(files)}: {len(catalog.services)} services, {len(catalog.access_points)} "
                   f"access points, {len(catalog.comuni)} comuni: {errors} errors, {warnings} warnings")
        for language, share in translation_coverage(catalog).items():
            click.echo(f"translations: {language} {share:.0f}%")
    else:
        click.echo(f"{errors} errors, {warnings} warnings: the catalogue cannot be published until the errors are fixed")
    sys.exit(1 if errors else 0)


@main.command()
@_content_option
@click.option("--data", type=click.Path(), default=None, help="Folder for the compiled database.")
def build(contents, data):
    """Compile the catalogue into its read-only search database."""
    from . import create_app
    config = {"FINDER_CONTENT": os.pathsep.join(content_files(contents))}
    if data:
        config["FINDER_DATA"] = data
    app = create_app(config)
    holder = app.extensions["finder_content"]
    if holder.current() is None:
        for problem in holder.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    click.echo(f"built {holder.current().index.path}")


@main.command()
@_content_option
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(contents, host, port):
    """Serve the site (to preview another file: --content FILE)."""
    from werkzeug.serving import WSGIRequestHandler, run_simple

    from . import create_app

    class PathOnlyLog(WSGIRequestHandler):
        """Access log lines without query strings: searches and answers travel in URLs."""

        def log_request(self, code="-", size="-"):
            path = self.path.split("?", 1)[0]
            self.log("info", '"%s %s %s" %s %s', self.command, path, self.request_version, code, size)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app({"FINDER_CONTENT": os.pathsep.join(content_files(contents))})
    run_simple(host, port, app, threaded=True, request_handler=PathOnlyLog, use_reloader=False)


from .assistant.cli import register as _register_assistant_commands  # noqa: E402 (needs content_files above)

_register_assistant_commands(main)
from .stats_cli import register as _register_stats_commands  # noqa: E402

_register_stats_commands(main)

if __name__ == "__main__":
    main()
