"""Languages: every page in the six languages, the choice of language, links that keep it, babel's formats,
the Italian fallback for content not yet translated, and complete, compiled catalogues."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_currency_symbol, get_group_symbol
from bs4 import BeautifulSoup
from click.testing import CliRunner

from finder import create_app
from finder.cli import main
from finder.i18n import LANGUAGE_COOKIE, LANGUAGES, PREFIXED
from tests.helpers import post_chat

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
DEFAULT_CONTENT = ROOT / "content" / "services.yaml"
PARTIAL = Path(__file__).resolve().parent / "fixtures" / "i18n-partial.yaml"

# Pages of the default district (Latina 2) that every language serves.
SERVICE = "assegno-di-cura-anziani"  # has an ISEE ceiling of 15,000 euro
COMUNE = "latina"
RESULT = "/guida?audience=poverta&comune=latina&category=casa-e-abitare"
PAGES = ["/", f"/servizi/{SERVICE}", f"/comuni/{COMUNE}", "/guida", "/chat"]
MORE_PAGES = PAGES + ["/servizi", RESULT, "/cerca?q=affitto", "/accesso/segretariato-latina",
                      "/informazioni", "/accessibilita"]
HOME_TITLE = {"it": "Di che aiuto hai bisogno?", "en": "What help do you need?", "ro": "De ce ajutor ai nevoie?",
              "sq": "Për çfarë ndihme ke nevojë?", "ar": "ما المساعدة التي تحتاج إليها؟",
              "uk": "Яка допомога тобі потрібна?"}
FALLBACK_NOTE = {"en": "Text available in Italian only", "ro": "Text disponibil doar în italiană",
                 "sq": "Tekst i disponueshëm vetëm në italisht", "ar": "النص متوفر بالإيطالية فقط",
                 "uk": "Текст доступний лише італійською"}


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """`make test` compiles the .mo files first; compile them here too when missing or older than the .po."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the module: the pages only read the default district (a fresh client per test)."""
    return create_app({"FINDER_CONTENT": str(DEFAULT_CONTENT), "FINDER_DATA": str(tmp_path_factory.mktemp("data")),
                       "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def partial_app(tmp_path_factory):
    return create_app({"FINDER_CONTENT": str(PARTIAL), "FINDER_DATA": str(tmp_path_factory.mktemp("partial-data")),
                       "TESTING": True})


@pytest.fixture
def partial_client(partial_app):
    return partial_app.test_client()


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def words(element) -> str:
    """The text a person reads, whitespace (babel's narrow no-break spaces too) collapsed to one space."""
    return " ".join(element.get_text(" ").split()) if element is not None else ""


def prefixed(lang: str, path: str) -> str:
    return path if lang == "it" else f"/{lang}{path}"


# --- every language serves every page, with its language and direction --------------------------
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("path", PAGES)
def test_every_language_serves_the_page_with_its_lang_and_direction(client, lang, path):
    response = client.get(prefixed(lang, path))
    assert response.status_code == 200
    html = soup_of(response).html
    assert html["lang"] == lang
    assert html["dir"] == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_home_page_speaks_the_language_of_its_url(client, lang):
    """The compiled catalogues are found at runtime: the UI strings are in the page's language."""
    soup = soup_of(client.get(prefixed(lang, "/")))
    assert words(soup.select_one("h1")) == HOME_TITLE[lang]


@pytest.mark.parametrize("lang, count", [("it", "38 servizi"), ("en", "38 services"), ("ro", "38 de servicii"),
                                         ("sq", "38 shërbime"), ("ar", "38 خدمة"), ("uk", "38 послуг")])
def test_plural_forms_follow_the_language(client, lang, count):
    assert words(soup_of(client.get(prefixed(lang, "/servizi"))).select_one("p.count")) == count


# --- choosing the language ----------------------------------------------------------------------
def test_the_root_follows_the_browser_language_until_the_person_chooses(client):
    response = client.get("/", headers={"Accept-Language": "ro-RO,ro;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response.headers["Location"] == "/ro/"
    assert client.get("/", headers={"Accept-Language": "de"}).status_code == 200  # not offered: Italian

    choice = client.get("/lingua/it?next=/")  # the person picks Italian on the Romanian page
    assert choice.status_code == 302 and choice.headers["Location"] == "/"
    assert f"{LANGUAGE_COOKIE}=it" in choice.headers["Set-Cookie"]
    again = client.get("/", headers={"Accept-Language": "ro"})
    assert again.status_code == 200 and soup_of(again).html["lang"] == "it"

    client.get("/lingua/uk?next=/servizi")
    assert client.get("/", headers={"Accept-Language": "ro"}).headers["Location"] == "/uk/"


def test_choosing_a_language_keeps_the_page_and_its_query(client):
    response = client.get("/lingua/ar", query_string={"next": f"/en/servizi/{SERVICE}"})
    assert response.headers["Location"] == f"/ar/servizi/{SERVICE}"
    response = client.get("/lingua/it", query_string={"next": "/uk/servizi?comune=latina"})
    assert response.headers["Location"] == "/servizi?comune=latina"


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("path", MORE_PAGES)
def test_the_language_switch_lists_the_six_languages_each_in_itself(client, lang, path):
    soup = soup_of(client.get(prefixed(lang, path)))
    links = soup.select("nav.language-switch a")
    assert [(link["lang"], link["hreflang"], words(link)) for link in links] == [
        (code, code, name) for code, name in LANGUAGES.items()]
    assert [link["lang"] for link in links if link.get("aria-current")] == [lang]
    assert all(link["href"].startswith(f"/lingua/{link['lang']}?next=") for link in links)


# --- a shared link keeps its language ------------------------------------------------------------
@pytest.mark.parametrize("lang", PREFIXED)
@pytest.mark.parametrize("path", MORE_PAGES)
def test_links_and_forms_on_a_page_stay_in_its_language(client, lang, path):
    soup = soup_of(client.get(prefixed(lang, path)))
    targets = [link["href"] for link in soup.select("a[href^='/']")]
    targets += [form["action"] for form in soup.select("form[action^='/']")]
    internal = [url for url in targets if not url.startswith(("/lingua/", "/static/"))]
    assert internal, path
    assert [url for url in internal if not url.startswith(f"/{lang}/")] == []


def test_a_missing_page_answers_in_english_on_an_english_address(client):
    response = client.get("/en/servizi/nope")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == "en"
    assert words(soup.select_one("h1")) == "Page not found"
    assert soup.select_one("main a[href='/en/']") is not None


# --- babel formats in the page's locale -----------------------------------------------------------
@pytest.mark.parametrize("lang, monday, nine", [("it", "lunedì", "09:00"), ("en", "Monday", "9:00 AM"),
                                                ("ro", "luni", "09:00"), ("ar", "الاثنين", "9:00 ص"),
                                                ("uk", "понеділок", "09:00")])
def test_opening_hours_use_the_page_locale(client, lang, monday, nine):
    soup = soup_of(client.get(prefixed(lang, f"/comuni/{COMUNE}")))
    rows = [(words(row.th), words(row.td)) for row in soup.select("table.hours tr")]
    assert rows[0][0] == monday
    assert rows[0][1].startswith(nine)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_euro_amounts_use_the_page_locale(client, lang):
    soup = soup_of(client.get(prefixed(lang, f"/servizi/{SERVICE}")))
    text = soup.select_one("#a-chi").get_text()  # not collapsed: the group symbol may be a no-break space
    amount = "15" + get_group_symbol(lang) + "000"
    assert amount in text
    assert get_currency_symbol("EUR", lang) in text


# --- content not yet translated: Italian, marked, with a note in the page's language -------------
@pytest.mark.parametrize("lang", PREFIXED)
def test_untranslated_content_shows_in_italian_marked_and_noted(partial_client, lang):
    soup = soup_of(partial_client.get(f"/{lang}/servizi/contributo-solo-italiano"))
    assert soup.html["lang"] == lang
    title = soup.select_one("h1 [lang='it']")
    assert title is not None and words(title) == "Contributo scritto solo in italiano"
    summary = soup.select_one("p.lead")
    assert words(summary.select_one("[lang='it']")) == "Un aiuto per le spese di casa, descritto soltanto in italiano."
    assert FALLBACK_NOTE[lang] in words(summary.select_one(".fallback-note"))
    description = soup.select_one("#cosa-si-ottiene .prose")
    assert description["lang"] == "it" and "solo in italiano" in words(description)
    assert words(soup.select_one("#cosa-si-ottiene .fallback-note")) == FALLBACK_NOTE[lang]


def test_italian_pages_have_no_fallback_note(partial_client):
    soup = soup_of(partial_client.get("/servizi/contributo-solo-italiano"))
    assert soup.select(".fallback-note") == [] and soup.select("main [lang='it']") == []


@pytest.mark.parametrize("lang", ["ro", "sq", "ar", "uk"])
def test_every_service_of_the_default_district_reads_wholly_in_the_visitors_language(app, client, lang):
    """Description, who can apply, cost, documents and how to apply: translated for every service, so a
    visitor who reads Romanian, Albanian, Arabic or Ukrainian meets no Italian passage."""
    with app.app_context():
        services = list(app.extensions["finder_content"].current().catalog.services)
    left_in_italian = {service: [words(element)[:40] for element in soup.select('main [lang="it"]')]
                       for service in services
                       for soup in [soup_of(client.get(f"/{lang}/servizi/{service}"))]
                       if soup.select('main [lang="it"], main .fallback-note')}
    assert left_in_italian == {}


def test_translated_content_needs_no_note(client):
    soup = soup_of(client.get(f"/en/servizi/{SERVICE}"))
    assert soup.select_one("h1 [lang='it']") is None
    assert soup.select_one("p.lead .fallback-note") is None


# --- the chat: the answer comes in the language the person wrote in ---------------------------------
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_chat_no_longer_limits_the_languages(client, lang):
    soup = soup_of(client.get(prefixed(lang, "/chat")))
    assert soup.select_one("main .chat-languages") is None


WRITTEN_IN = {
    "uk": "Моїй мамі 85 років, вона більше не може сама митися і вдягатися, ми живемо в Сабаудії",
    "ro": "Mama mea are 85 de ani si nu mai reuseste sa se spele singura, locuim in Sabaudia",
    "ar": "أمي عمرها 85 سنة ولا تستطيع أن تستحم وحدها، نسكن في سابوديا",
    "sq": "Nëna ime është 85 vjeç dhe nuk mund të lahet më vetë, jetojmë në Sabaudia",
}


@pytest.mark.parametrize("lang", list(WRITTEN_IN))
def test_a_message_in_another_language_is_answered_in_that_language(client, lang):
    soup = soup_of(post_chat(client, message=WRITTEN_IN[lang]))
    assert soup.html["lang"] == lang
    cards = soup.select(".bubble-assistant .card h3")
    assert cards, "the person gets services"
    names = " ".join(card.get_text(" ", strip=True) for card in cards)
    assert "Assistenza domiciliare" not in names, "the services' names come translated"
    assert soup.select_one("#chat-form")["action"] == f"/{lang}/chat"


# --- the catalogues ----------------------------------------------------------------------------------
def _catalogue(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


def _source_messages() -> set[str]:
    """Every msgid in the code and templates now, extracted as `make translations` does (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    skipped = {".venv", "venv", "build", "dist", "node_modules", "__pycache__"}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords,
                             directory_filter=lambda path: not set(Path(path).parts) & skipped
                             and not Path(path).name.startswith("."))
    return {message[0] if isinstance(message, tuple) else message
            for _filename, _lineno, message, _comments, _context in found}


@pytest.mark.parametrize("lang", PREFIXED)
def test_every_catalogue_is_complete(lang):
    catalog = _catalogue(lang)
    with (TRANSLATIONS / "messages.pot").open("rb") as pot_file:
        template = read_po(pot_file)
    wanted = {message.id for message in template if message.id}
    present = {message.id for message in catalog if message.id}
    assert wanted <= present
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        forms = message.string if message.pluralizable else (message.string,)
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), message.id
        assert all(form.strip() for form in forms), message.id
    assert [(message.id, errors) for message, errors in catalog.check()] == []


@pytest.mark.parametrize("lang", PREFIXED)
def test_placeholders_are_kept(lang):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in _catalogue(lang):
        if not message.id or message.pluralizable:
            continue
        assert sorted(placeholder.findall(message.string)) == sorted(placeholder.findall(message.id)), message.id


def test_every_ui_string_in_the_source_is_translated():
    """Strings added to a template or to the code since the last `make translations` fail here."""
    source = _source_messages()
    assert source, "nothing extracted: is babel.cfg right?"
    for lang in PREFIXED:
        translated = {message.id[0] if message.pluralizable else message.id
                      for message in _catalogue(lang) if message.id and message.string
                      and all(message.string if message.pluralizable else [message.string])}
        assert sorted(source - translated) == [], lang


def test_check_reports_full_translation_coverage_of_the_default_content():
    result = CliRunner().invoke(main, ["check", str(DEFAULT_CONTENT)])
    assert result.exit_code == 0, result.output
    for lang in PREFIXED:
        assert f"traduzioni: {lang} 100%" in result.output


def test_an_italian_fallback_on_an_arabic_page_keeps_its_own_direction(partial_client):
    """Issue 14: untranslated Italian inside Arabic text must not move its full stop (".Gratuito")."""
    soup = soup_of(partial_client.get("/ar/servizi/contributo-solo-italiano"))
    fallbacks = soup.select('main [lang="it"]')
    assert fallbacks, "this catalogue has Italian-only texts"
    assert all(element.get("dir") == "ltr" for element in fallbacks if element.name == "span")
