"""The `finder` command: check content, build the search database, serve the site (and the assistant's
`ask` and `eval`, registered from finder.assistant.cli)."""
from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date
from pathlib import Path

import click
import yaml
from werkzeug.serving import WSGIRequestHandler, run_simple

from .app import create_app
from .assistant.cli import register as register_assistant_commands
from .catalog import check_files, hsds
from .catalog.care import care_list
from .catalog.fieldspec import FORMS
from .catalog.messages import EDITOR_LANGUAGES, editor_language
from .catalog.quality import quality_warnings
from .catalog.schema import catalogue_schema, ids_of
from .catalog.starter import parse_comune, starter_catalogue, starter_yaml
from .reporting import checker_failed, github_annotations, json_report, text_report
from .reports import ReportStore
from .settings import SettingError, content_files, default_content
from .stats_cli import register as register_stats_commands


def _content_option(function):
    return click.option("--content", "contents", multiple=True, type=click.Path(),
                        help="A catalogue file (repeatable). Default: the site's own content.")(function)


class PathOnlyLog(WSGIRequestHandler):
    """Access log lines without query strings: searches and answers travel in URLs."""

    def log_request(self, code="-", size="-"):
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s %s" %s %s', self.command, path, self.request_version, code, size)


@click.group()
def main():
    """Finder: the district's social services and the right door to knock on."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "github", "json"]), default="text",
              help="text for people, github for pull-request annotations, json for other tools.")
@click.option("--care", is_flag=True, help="Also list what needs care (text format; json and github always do).")
@click.option("--lang", "language", type=click.Choice(EDITOR_LANGUAGES), default="it", show_default=True,
              help="Language of the messages: Italian, or English.")
def check(files, output_format, care, language):
    """Check catalogue files: prints FILE:LINE: field: message, exits 1 on errors."""
    files = list(files) or content_files(())
    with editor_language(language):
        try:
            problems, catalog = check_files(files)
        except Exception as error:  # a checker bug must still give the editor an answer, never a traceback
            click.echo(checker_failed(files[0], error), err=True)
            sys.exit(2)
        if catalog is not None:
            problems = problems + quality_warnings(catalog)
        problems = sorted(problems, key=lambda p: (p.file, p.line))
        care_items = care_list(catalog) if catalog is not None else []
        report = {"text": text_report, "github": github_annotations, "json": json_report}[output_format]
        click.echo(report(files, problems, catalog, care_items if care or output_format != "text" else []))
    sys.exit(1 if any(problem.severity == "error" for problem in problems) else 0)


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
def schema(file):
    """Print the format's JSON Schema (with FILE: its ids offered as suggestions)."""
    click.echo(json.dumps(catalogue_schema(ids_of(file) if file else None), indent=2, ensure_ascii=False))


def _app(config: dict):
    """The web app, or a one-line error naming the setting the environment got wrong."""
    try:
        return create_app(config)
    except SettingError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


@main.command()
@_content_option
@click.option("--data", type=click.Path(), default=None, help="Folder for the compiled database.")
def build(contents, data):
    """Compile the catalogue into its read-only search database."""
    config = {"FINDER_CONTENT": os.pathsep.join(content_files(contents))}
    if data:
        config["FINDER_DATA"] = data
    app = _app(config)
    holder = app.extensions["finder_content"]
    if holder.current() is None:
        with editor_language(holder.language):
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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = _app({"FINDER_CONTENT": os.pathsep.join(content_files(contents))})
    run_simple(host, port, app, threaded=True, request_handler=PathOnlyLog, use_reloader=False)


@main.command()
@_content_option
@click.option("--hsds", "folder", required=True, type=click.Path(file_okay=False),
              help="Folder for the Open Referral HSDS 3.0 JSON files and their CSV tables.")
@click.option("--lang", default="it", show_default=True, help="Language of the texts (Italian where not translated).")
def export(contents, folder, lang):
    """Write the catalogue as open data: HSDS 3.0 JSON and CSV (licence CC BY 4.0)."""
    problems, catalog = check_files(content_files(contents))
    if catalog is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    counts = hsds.export(catalog, Path(folder), lang)
    click.echo(f"wrote {folder}: " + ", ".join(f"{count} {name}" for name, count in counts.items())
               + " (JSON and csv/)")


@main.command("new-district")
@click.option("--name", prompt="District's name (e.g. Distretto socio-sanitario Latina 2)")
@click.option("--form", prompt="Form", type=click.Choice(FORMS))
@click.option("--comune", "comuni", multiple=True,
              help="A comune as NAME=ISTAT (repeatable); the first is the lead comune.")
@click.option("--output", type=click.Path(dir_okay=False), default="content/services.yaml", show_default=True)
def new_district(name, form, comuni, output):
    """Write a valid starter file for a new district, ready to fill in."""
    if Path(output).exists():
        raise click.UsageError(f"{output} already exists: choose another --output")
    texts = comuni or click.prompt("Comuni as NAME=ISTAT, separated by commas (the lead comune first)").split(",")
    try:
        new_comuni = [parse_comune(text) for text in texts if text.strip()]
        with open(default_content(), encoding="utf-8") as handle:
            standard = yaml.safe_load(handle)
        data = starter_catalogue(name.strip(), form, new_comuni, standard, date.today())
    except ValueError as error:
        raise click.UsageError(str(error))
    schema_path = Path(output).with_name("catalogue.schema.json")
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    schema_path.write_text(json.dumps(catalogue_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    Path(output).write_text(starter_yaml(data, schema_path.name), encoding="utf-8")
    click.echo(f"wrote {output} ({len(new_comuni)} comuni) and {schema_path}; now fill in every DA COMPLETARE "
               f"and run: finder check {output}")


@main.command()
@_content_option
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="YYYY-MM-DD; default: today.")
def reports(contents, day):
    """The day's digest of citizens' reports: which page, what is wrong, how many times."""
    app = _app({"FINDER_CONTENT": os.pathsep.join(content_files(contents)), "FINDER_WATCH_CONTENT": False})
    day = day.date() if day else date.today()
    counts = ReportStore(app.config["FINDER_REPORTS"]).of_day(day)
    loaded = app.extensions["finder_content"].current()
    click.echo(f"{day}: {sum(count.count for count in counts)} reports")
    for count in counts:
        click.echo(f"  {count.count:>3}  {_item_name(loaded, count)}: {REPORT_WORDS[count.problem]}")


REPORT_WORDS = {"phone": "the phone does not answer", "hours": "the hours are wrong",
                "moved": "the office has moved", "gone": "the service no longer exists", "other": "something else"}


def _item_name(loaded, count) -> str:
    items = {"service": "services", "access_point": "access_points"}[count.item_kind]
    item = getattr(loaded.catalog, items).get(count.item_id) if loaded else None
    return f"{item.name} ({count.item_kind} {count.item_id})" if item else f"{count.item_kind} {count.item_id}"


register_assistant_commands(main)
register_stats_commands(main)

if __name__ == "__main__":
    main()
