"""The check every test page goes through (tests/helpers.py) finds what it is there to find."""
from __future__ import annotations

import pytest

from tests.helpers import page_problems

GOOD = '<!doctype html><html lang="it"><body><p>Uno<p>Due<ul><li>a<li>b</ul><img src="/a.png" alt=""></body></html>'


def test_a_well_made_page_passes():
    assert page_problems(GOOD) == []


@pytest.mark.parametrize("html, says", [
    ('<!doctype html><html><body></body></html>', "<html> has no lang"),
    ('<div id="a"></div><div id="a"></div>', "id 'a' is used twice"),
    ("<script>alert(1)</script>", "an inline script"),
    ('<p style="color: red">x</p>', "an inline style"),
    ('<button onclick="go()">x</button>', "an inline handler onclick="),
    ("<div><span></div>", "</div> closes nothing open"),
    ("<main><div></main>", "never closed"),
])
def test_a_badly_made_page_is_named(html, says):
    assert any(says in problem for problem in page_problems(html))


def test_every_page_a_test_client_gets_is_checked(app):
    assert type(app.test_client()).__name__ == "CheckedClient"
