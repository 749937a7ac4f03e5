"""axe-core over the citizen's pages: a sample of each kind by default, every page in every language
with FINDER_A11Y_FULL=1 (`make test-a11y`)."""
from __future__ import annotations

import os

import pytest
from tests.browser.helpers import axe_violations
from finder.catalog import guided
from finder.i18n import PREFIXED

pytestmark = pytest.mark.browser

FULL = os.environ.get("FINDER_A11Y_FULL", "") not in ("", "0")


def citizen_pages(catalog) -> list[str]:
    """By default only what the browsing and guided tests do not scan already; everything when FULL."""
    audience = next(iter(catalog.audiences))
    comune = guided.comuni_for(catalog, audience)[0].id
    category = guided.categories_for(catalog, audience, comune)[0].id
    answers = f"audience={audience}&comune={comune}&category={category}"
    listed = [service.id for service in catalog.services.values() if service.listed]
    if not FULL:
        return ["/cerca?q=zzzz", "/stato", "/dati-aperti", "/pagina-che-non-esiste",
                "/cerca?q=" + "a" * 8100,  # 414
                f"/accesso/{next(iter(catalog.access_points))}",
                "/ar/", f"/ar/guida?{answers}"]  # Arabic: right to left
    pages = ["/", "/servizi", "/cerca?q=anziani", "/cerca?q=zzzz", "/guida", f"/guida?audience={audience}",
             f"/guida?audience={audience}&comune={comune}", f"/guida?{answers}", f"/guida/foglio?{answers}",
             "/stato", "/pagina-che-non-esiste"]
    pages += [f"/servizi/{service_id}" for service_id in listed]
    pages += [f"/comuni/{comune_id}" for comune_id in catalog.comuni]
    pages += [f"/accesso/{point_id}" for point_id in catalog.access_points]
    return pages + [f"/{language}{page}" for language in PREFIXED for page in pages]


@pytest.mark.timeout(1200)  # the whole matrix with FINDER_A11Y_FULL=1 takes minutes
def test_axe_finds_nothing_on_the_citizen_pages(page, district_server):
    found = []
    for path in citizen_pages(district_server.catalog):
        page.goto(district_server.url + path)
        lines = axe_violations(page)
        if lines:
            found += [path] + lines
    assert not found, "axe-core: WCAG 2.1 A/AA violations\n" + "\n".join(found)
