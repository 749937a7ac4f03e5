"""`finder ask` and `finder eval`: the assistant's contract from the command line."""
from __future__ import annotations

import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click
import yaml

from ..catalog import CatalogError, load_catalog
from ..catalog.store import SearchIndex, compile_catalog
from ..settings import content_files
from .answering import ask
from .evaluation import QuestionsError, evaluate, parse_minimums

DEFAULT_MINIMUMS = ""


def _fail(message: str, code: int = 2):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def _loaded(contents):
    """The catalogue and its search index, compiled into a temporary folder for this one command."""
    files = content_files(contents)
    try:
        catalog = load_catalog(files)
    except CatalogError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        _fail("the catalogue has errors; `finder check` explains them")
    with tempfile.TemporaryDirectory(prefix="finder-ask-") as folder:
        index = SearchIndex(compile_catalog(catalog, Path(folder) / "catalog.sqlite"))
        try:
            yield catalog, index
        finally:
            index.close()


def _state(text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        state = json.loads(text)
    except json.JSONDecodeError as error:
        _fail(f"--state is not valid JSON ({error.msg} at character {error.pos}); "
              'write it like {"comune": "sabaudia"}')
    if not isinstance(state, dict):
        _fail('--state must be a JSON object, like {"comune": "sabaudia"}')
    return state


def _content_option(function):
    return click.option("--content", "contents", multiple=True, type=click.Path(),
                        help="A catalogue file (repeatable). Default: the site's own content.")(function)


@click.command("ask")
@click.argument("text")
@_content_option
@click.option("--lang", default="it", show_default=True, help="Language of the question and labels.")
@click.option("--state", "state_json", default=None, help="The state of the previous answer, as JSON.")
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON object.")
def ask_command(text, contents, lang, state_json, as_json):
    """Ask the assistant what a person would write (TEXT)."""
    state = _state(state_json)
    with _loaded(contents) as (catalog, index):
        answer = ask(catalog, index, text, state=state, lang=lang)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    _print_readable(answer)


def _print_readable(answer) -> None:
    if answer.refused:
        click.echo("message refused: longer than 1,000 characters")
    if answer.emergency:
        click.echo(f"EMERGENCY: {answer.emergency}")
    if answer.understood:
        click.echo(answer.understood)
    click.echo(f"services: {', '.join(answer.services) or '-'}")
    click.echo(f"access point: {answer.access_point or '-'}")
    if answer.follow_up:
        options = ", ".join(option.label for option in answer.follow_up.options)
        click.echo(f"question: {answer.follow_up.question} [{options}]")
    if answer.overshare:
        click.echo(f"personal data in the message: {', '.join(answer.overshare)}")
    click.echo(f"state: {json.dumps(answer.state, ensure_ascii=False)}")


@click.command("eval")
@click.argument("questions_file", type=click.Path())
@_content_option
@click.option("--min", "minimums_text", default=DEFAULT_MINIMUMS,
              help="Floors, e.g. top3=90,access_point=95,follow_up=90,emergency=100,false_alarm=2 "
                   "(false_alarm: at most).")
def eval_command(questions_file, contents, minimums_text):
    """Measure the assistant on a YAML list of {says, state?, expect}."""
    try:
        minimums = parse_minimums(minimums_text)
    except ValueError as error:
        _fail(f"--min: {error}")
    questions = _read_questions(questions_file)
    with _loaded(contents) as (catalog, index):
        try:
            tally = evaluate(catalog, index, questions)
        except QuestionsError as error:
            _fail(f"{questions_file}: {error}")
    for line in tally.misses:
        click.echo(line)
    click.echo(tally.languages())
    click.echo(tally.summary())
    failed = tally.failures(minimums)
    if failed:
        click.echo("below the floor: " + ", ".join(failed), err=True)
        sys.exit(1)


def _read_questions(path: str):
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        _fail(f"{path}: cannot be read ({error.strerror})")
    except yaml.YAMLError as error:
        _fail(f"{path}: not valid YAML ({str(error).splitlines()[0]})")


@click.command("model")
@click.option("--corpus", "corpus_folder", default="corpus", show_default=True, type=click.Path(),
              help="The folder of the training corpus (*.jsonl).")
@click.option("--out", "output", default=None, type=click.Path(), help="Where to write the artefact.")
@click.option("--if-changed", is_flag=True, help="Do nothing when the artefact was built from this very corpus.")
def model_command(corpus_folder, output, if_changed):
    """Train the needs model from the corpus (deterministic; `make model`)."""
    from .needs import MODEL_FILE, NeedsDataError
    from .training import build, up_to_date

    output = Path(output) if output else MODEL_FILE
    if if_changed and up_to_date(Path(corpus_folder), output):
        click.echo(f"{output}: up to date with the corpus")
        return
    try:
        build(Path(corpus_folder), output, log=click.echo)
    except NeedsDataError as error:
        _fail(str(error), code=1)


def register(group: click.Group) -> None:
    group.add_command(ask_command)
    group.add_command(eval_command)
    group.add_command(model_command)
