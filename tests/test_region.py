"""One site for a whole region: a person starts from their comune and everything narrows to its district;
long listings are scoped to a district or split into pages; the front desk works on one district."""
from __future__ import annotations

import pytest

from bench import national
from finder.routes import arguments, pages
from tests.helpers import MINI, TESTS, make_app, page, service_links, text_of


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """Three districts (copies of the small one, each with its own ids and comuni), one file each."""
    folder = tmp_path_factory.mktemp("region")
    files = national.generate(folder / "content", 3, MINI)
    app = make_app(":".join(map(str, files)), folder / "data")
    comuni = {comune.district: comune for comune in app.extensions["finder_content"].current().catalog.comuni.values()}
    return app, comuni


def test_the_guided_questions_start_from_the_comune_and_keep_to_its_district(region):
    app, comuni = region
    client = app.test_client()
    first = page(client.get("/guida"))
    assert text_of(first.h1) == "In quale comune vive?" and "Domanda 1 di 3" in text_of(first)
    second_district = sorted(comuni)[1]
    comune = comuni[second_district]
    link = next(a["href"] for a in first.select(".choices a") if text_of(a) == comune.name)
    audiences = page(client.get(link))
    assert "Domanda 2 di 3" in text_of(audiences)
    choices = [a["href"] for a in audiences.select(".choices a")]
    assert choices and all(second_district.rsplit("-", 1)[1] in href.split("audience=")[1].split("&")[0] for href in choices)
    categories = page(client.get(choices[0]))
    result = page(client.get(categories.select(".choices a")[0]["href"]))
    assert result.select(".service-card") and all(
        href.rsplit("-", 1)[1] == second_district.rsplit("-", 1)[1] for href in service_links_of(result))


def service_links_of(soup) -> list[str]:
    return [link["href"].rsplit("/", 1)[-1] for link in soup.select(".service-card .card-title a")]


def test_with_many_comuni_the_home_page_asks_for_the_comune_by_name(region, monkeypatch):
    app, comuni = region
    monkeypatch.setattr(pages, "LISTED_COMUNI", 5)
    client = app.test_client()
    home = page(client.get("/"))
    form = home.select_one("form:has(#home-comune-q)")
    assert form["action"] == "/guida" and not home.select("#comuni-title ~ .chips")
    comune = comuni[sorted(comuni)[2]]
    typo = comune.name[:-1] + ("a" if comune.name[-1] != "a" else "o")
    found = page(client.get("/guida", query_string={"comune_q": typo}))
    assert comune.name in [text_of(a.select_one(".choice-title")) for a in found.select(".choices a")]


def test_the_catalogue_is_scoped_to_a_district_or_split_into_pages(region, monkeypatch):
    app, comuni = region
    client = app.test_client()
    everything = page(client.get("/servizi"))
    assert everything.select("#filter-distretto option") and not everything.select("#filter-audience")
    district = sorted(comuni)[0]
    scoped = client.get("/servizi", query_string={"distretto": district})
    assert service_links(scoped) and all(link.endswith(district.rsplit("-", 1)[1]) for link in service_links(scoped))
    assert page(scoped).select("#filter-audience option")
    monkeypatch.setattr(pages, "PAGE_SIZE", 5)
    monkeypatch.setattr(arguments, "PAGE_SIZE", 5)
    first = client.get("/servizi?pagina=1")  # (not the address drawn above with pages of 50, kept by the render cache)
    assert len(service_links(first)) == 5
    following = page(first).select_one(".pager a[rel=next]")["href"]
    second = client.get(following)
    assert len(service_links(second)) == 5 and not set(service_links(second)) & set(service_links(first))
    assert client.get("/servizi?pagina=999").status_code == 404
    assert client.get("/servizi?pagina=due").status_code == 404


def test_the_front_desk_works_on_one_district(region):
    app, comuni = region
    client = app.test_client()
    first, second = sorted(comuni)[:2]
    desk = client.get("/operatore")
    assert service_links_desk(desk) and all(link.endswith(first.rsplit("-", 1)[1]) for link in service_links_desk(desk))
    other = client.get("/operatore", query_string={"distretto": second})
    assert service_links_desk(other) and all(link.endswith(second.rsplit("-", 1)[1]) for link in service_links_desk(other))


def service_links_desk(response) -> list[str]:
    return [box["value"] for box in page(response).select("input.desk-pick")]


def test_pages_for_women_facing_violence_have_the_quick_exit_in_every_district(tmp_path):
    """Each district's anti-violence services and their audience get the quick exit on a region's site."""
    files = national.generate(tmp_path / "content", 2, TESTS.parent / "content" / "services.yaml")
    client = make_app(":".join(map(str, files)), tmp_path / "data").test_client()
    for suffix in ("d001", "d002"):
        for url in (f"/servizi/casa-rifugio-{suffix}", f"/guida?audience=donne-vittime-di-violenza-{suffix}"):
            assert page(client.get(url)).select_one("[data-quick-exit]"), url
        assert not page(client.get(f"/servizi/pasti-a-domicilio-{suffix}")).select_one("[data-quick-exit]")
