"""What the tests share: the fixture districts, an app built the way a deployment builds it, and reading
a page the way a person reads it. Every page any test client gets is checked (`page_problems`): valid
nesting, unique ids, no inline script or style, and a language on every full page."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import yaml
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from finder import create_app
from finder.catalog.source import dotted
from finder.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
BROKEN = FIXTURES / "broken"
MINI = FIXTURES / "mini.yaml"
# CI clones the repository with shared/ beside it: <repo>/../shared/...
CROTONE = TESTS.parents[1] / "shared" / "eval" / "crotone" / "services.yaml"
PUBLIC_URL = "https://servizi.esempio.it"  # where QR codes and hand-offs send people: not the test server

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "path", "rect", "circle", "line", "polygon", "polyline", "use", "ellipse"}  # (SVG shapes close themselves)
# Closed implicitly by the next sibling or the parent's end, as HTML allows
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}


class PageChecker(HTMLParser):
    """What a browser would forgive but we do not: a stray or missing end tag, a repeated id, a script
    or style written in the page (our CSP would refuse it), an `on…=` handler."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.ids, self.problems, self.html_lang = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._check_attributes(tag, attributes)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check_attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open and self.open[-1] != tag and self.open[-1] in OPTIONAL_END:
            self.open.pop()
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> closes nothing open (open: {self.open[-3:]})")

    def _check_attributes(self, tag, attributes):
        element_id = attributes.get("id")
        if element_id is not None:
            if element_id in self.ids and not attributes.get("hx-swap-oob"):
                self.problems.append(f"line {self.getpos()[0]}: id {element_id!r} is used twice")
            self.ids.add(element_id)
        if tag == "script" and not attributes.get("src"):
            self.problems.append(f"line {self.getpos()[0]}: an inline script")
        if tag == "style" or "style" in attributes:
            self.problems.append(f"line {self.getpos()[0]}: an inline style on <{tag}>")
        for name in attributes:
            if name.startswith("on"):
                self.problems.append(f"line {self.getpos()[0]}: an inline handler {name}= on <{tag}>")


def page_problems(html: str) -> list[str]:
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    problems = checker.problems
    leftover = [tag for tag in checker.open if tag not in OPTIONAL_END]
    if leftover:
        problems.append(f"never closed: {leftover}")
    if html.lstrip().lower().startswith("<!doctype html>") and not checker.html_lang:
        problems.append("<html> has no lang")
    return problems


class CheckedClient(FlaskClient):
    """The test client, checking every HTML page it receives."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not response.is_streamed and response.status_code != 302:
            problems = page_problems(response.get_data(as_text=True))
            assert not problems, f"{response.request.path}: the page is not well made:\n" + "\n".join(problems)
        return response


def make_app(content, data_dir, **config):
    return create_app({"FINDER_CONTENT": str(content), "FINDER_DATA": str(data_dir), "TESTING": True, **config})


def finder(runner, *args):
    """`finder ARGS…` as an editor types it."""
    return runner.invoke(main, [str(arg) for arg in args])


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(element) -> str:
    """The text a person reads, with whitespace collapsed (and none before punctuation)."""
    if element is None:
        return ""
    return re.sub(r" ([,.;:)])", r"\1", " ".join(element.get_text(" ").split()))


def csrf_token_of(client, path="/chat") -> str:
    """The token the chat's form carries, as the browser got it with the page."""
    return page(client.get(path)).select_one("input[name=csrf_token]")["value"]


def post_chat(client, path="/chat", headers=None, follow_redirects=True, **fields):
    """The chat's form sent as a browser sends it: with the token of the page it came from, and the
    redirect to the conversation page followed."""
    return client.post(path, data={"csrf_token": csrf_token_of(client, path), **fields}, headers=headers or {},
                       follow_redirects=follow_redirects)


def main_text(response) -> str:
    soup = page(response)
    return text_of(soup.find("main") or soup)


def service_links(response) -> list[str]:
    """The ids of the services whose cards a page shows, in order."""
    return [link["href"].rsplit("/", 1)[-1] for link in page(response).select(".service-card .card-title a")]


def as_json(value):
    """The data as an editor's YAML language server sees it: dates are the text written."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def schema_errors(schema: dict, path: Path) -> list[str]:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(dotted(_named(list(error.absolute_path), data), list(error.absolute_path))
                  for error in validator.iter_errors(data))


def _named(path: list, data) -> list:
    """The path with each list position replaced by the id of the item there, as `finder check` names it."""
    named, node = [], data
    for key in path:
        item = node[key]
        named.append(item["id"] if isinstance(key, int) and isinstance(item, dict) and "id" in item else key)
        node = item
    return named
