"""An editor saves the catalogue while the site runs: a good version is published at once, a broken one
is not, and the site keeps serving the last good catalogue while /stato and the log say what is wrong."""
from __future__ import annotations

import logging
import os

import pytest
import yaml

from bench import national
from tests.helpers import MINI, make_app, page, post_chat, service_links, text_of
from finder import content as content_module
from finder.assistant import knowledge as knowledge_module

GOOD = MINI.read_text(encoding="utf-8")


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """The district file the editor edits, and the site serving it (checked for changes on every request)."""
    monkeypatch.setattr(content_module, "CHECK_EVERY_SECONDS", 0)
    path = tmp_path / "services.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path, make_app(path, tmp_path / "data").test_client()


def save(path, text):
    """The editor saves: new text, and a modification time the site cannot mistake for the old one."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def problems_on_status_page(client):
    return [text_of(item) for item in page(client.get("/stato")).select(".problems li")]


def test_a_saved_change_is_shown(catalogue):
    path, client = catalogue
    assert "Contributo per l'affitto" in text_of(page(client.get("/servizi")).select_one("main"))
    save(path, GOOD.replace("name: Contributo per l'affitto", "name: Aiuto per pagare l'affitto"))
    soup = page(client.get("/servizi/aiuto-affitto"))
    assert text_of(soup.select_one("h1")) == "Aiuto per pagare l'affitto"
    assert "Il catalogo è stato caricato senza errori." in text_of(page(client.get("/stato")).select_one("main"))


def test_a_new_service_appears_and_search_finds_it(catalogue):
    path, client = catalogue
    assert service_links(client.get("/cerca?q=telesoccorso")) == []
    text = GOOD.replace("\nemergencies:\n", "\n  - id: telesoccorso\n    name: Telesoccorso\n"
                        "    summary: Un pulsante da portare al collo per chiamare aiuto a ogni ora.\n"
                        "    audiences: [persone-anziane]\n    categories: [aiuto-in-casa]\n"
                        "    reviewed: 2026-11-01\n\nemergencies:\n")
    save(path, text)
    assert service_links(client.get("/cerca?q=telesoccorso")) == ["telesoccorso"]
    assert client.get("/servizi/telesoccorso").status_code == 200


BROKEN_VERSIONS = {
    "bad hours": (GOOD.replace('      wed: ["09:00-12:00"]\n', '      wed: ["9-12"]\n'),
                  "{file}:94: access_points[ufficio-di-piano-lepini].hours.wed[0]:", "non è un orario di apertura"),
    "dangling reference": (GOOD.replace("    audiences: [famiglie]\n    categories: [soldi]",
                                        "    audiences: [famiglia]\n    categories: [soldi]"),
                           "{file}:158: services[aiuto-affitto].audiences[0]:", "nessun destinatario ha l'id `famiglia`"),
    "syntax": (GOOD.replace("    name: Priverno\n", "    name: Priverno\n   istat: 1\n"),
               "{file}:25: comuni[1].istat:", "non è allineata con i campi vicini"),
    "emptied": ("", "{file}:1: (file):", "il file è vuoto"),
}


@pytest.mark.parametrize("broken, line, phrase", BROKEN_VERSIONS.values(), ids=BROKEN_VERSIONS.keys())
def test_a_broken_save_keeps_the_last_good_catalogue(catalogue, caplog, broken, line, phrase):
    path, client = catalogue
    save(path, GOOD.replace("name: Contributo per l'affitto", "name: Aiuto per pagare l'affitto"))
    assert client.get("/servizi/aiuto-affitto").status_code == 200
    caplog.set_level(logging.ERROR, logger="finder.content")

    save(path, broken.replace("name: Contributo per l'affitto", "name: Aiuto per pagare l'affitto"))
    for url in ("/", "/servizi", "/servizi/aiuto-affitto", "/cerca?q=affitto", "/comuni/sezze"):
        assert client.get(url).status_code == 200, url
    assert text_of(page(client.get("/servizi/aiuto-affitto")).select_one("h1")) == "Aiuto per pagare l'affitto"
    assert len(service_links(client.get("/servizi"))) == 6

    status = page(client.get("/stato"))
    assert "L'ultima modifica ha errori e non è stata pubblicata." in text_of(status.select_one("[role=alert]"))
    assert "Il sito mostra ancora l'ultima versione corretta." in text_of(status.select_one("[role=alert]"))
    expected = line.format(file=path)
    shown = [problem for problem in problems_on_status_page(client) if problem.startswith(expected)]
    assert shown and phrase in shown[0], problems_on_status_page(client)

    logged = [record for record in caplog.records if record.name == "finder.content" and record.levelno == logging.ERROR]
    assert any(expected in record.getMessage() and phrase in record.getMessage() for record in logged)


def test_a_broken_save_is_logged_once_not_on_every_request(catalogue, caplog):
    path, client = catalogue
    client.get("/")
    caplog.set_level(logging.ERROR, logger="finder.content")
    save(path, BROKEN_VERSIONS["bad hours"][0])
    for _ in range(5):
        client.get("/servizi")
    assert len([r for r in caplog.records if r.name == "finder.content"]) == 1


def test_fixing_the_error_publishes_the_fix(catalogue):
    path, client = catalogue
    save(path, BROKEN_VERSIONS["dangling reference"][0])
    client.get("/")
    assert problems_on_status_page(client)
    save(path, GOOD.replace("name: Contributo per l'affitto", "name: Contributo affitto 2027"))
    assert text_of(page(client.get("/servizi/aiuto-affitto")).select_one("h1")) == "Contributo affitto 2027"
    assert problems_on_status_page(client) == []
    status = page(client.get("/stato"))
    assert status.select_one("[role=alert]") is None
    [fixed] = [text_of(item) for item in status.select(".last-errors li")]  # the last error, kept for the editor
    assert "nessun destinatario ha l'id `famiglia`" in fixed


def test_a_deleted_file_keeps_the_last_good_catalogue(catalogue):
    path, client = catalogue
    client.get("/")
    path.unlink()
    assert client.get("/servizi/aiuto-affitto").status_code == 200
    assert any("file non trovato" in problem for problem in problems_on_status_page(client))


def test_warnings_are_shown_but_the_change_is_published(catalogue):
    path, client = catalogue
    save(path, GOOD.replace("name: Contributo per l'affitto", "name: Affitto").replace(
        "    reviewed: 2026-10-15", "    reviewed: 2024-01-10"))
    assert text_of(page(client.get("/servizi/aiuto-affitto")).select_one("h1")) == "Affitto"
    warnings = [p for p in problems_on_status_page(client) if "avviso:" in p]
    assert warnings and warnings[0].startswith(
        f"{path}:167: services[aiuto-affitto].reviewed: avviso: controllato l'ultima volta il 2024-01-10")
    assert page(client.get("/stato")).select_one("[role=alert]") is None


def test_a_site_that_starts_with_a_broken_file_says_so(tmp_path):
    path = tmp_path / "services.yaml"
    path.write_text(BROKEN_VERSIONS["bad hours"][0], encoding="utf-8")
    client = make_app(path, tmp_path / "data").test_client()
    response = client.get("/servizi")
    assert response.status_code == 503
    assert "non è disponibile" in text_of(page(response).select_one("main"))
    status = client.get("/stato")
    assert status.status_code == 200
    assert any(problem.startswith(f"{path}:94: access_points[ufficio-di-piano-lepini].hours.wed[0]:")
               for problem in problems_on_status_page(client))


def test_an_unwritable_data_folder_is_a_503_and_a_log_line(tmp_path, caplog):
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    caplog.set_level(logging.ERROR, logger="finder.content")
    client = make_app(MINI, blocked).test_client()
    response = client.get("/servizi")
    assert response.status_code == 503
    assert "non è disponibile" in text_of(page(response).select_one("main"))
    assert any("search database cannot be written" in record.getMessage() and record.exc_info
               for record in caplog.records)


def test_the_database_is_rebuilt_when_the_code_that_builds_it_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    make_app(MINI, data).test_client().get("/")
    [first] = data.glob("catalog-*.sqlite")
    stemmer_words = tmp_path / "words.yaml"
    stemmer_words.write_text("stems: {}\n", encoding="utf-8")
    monkeypatch.setattr(content_module, "_COMPILER_FILES", content_module._COMPILER_FILES + (stemmer_words,))
    make_app(MINI, data).test_client().get("/")
    assert len(list(data.glob("catalog-*.sqlite"))) == 2
    make_app(MINI, data).test_client().get("/")  # unchanged: the database is reused
    assert first in list(data.glob("catalog-*.sqlite")) and len(list(data.glob("catalog-*.sqlite"))) == 2


def test_many_saves_leave_no_pile_of_old_databases(catalogue, tmp_path):
    path, client = catalogue
    for number in range(5):
        save(path, GOOD.replace("name: Contributo per l'affitto", f"name: Contributo per l'affitto {number}"))
        assert f"Contributo per l'affitto {number}" in text_of(page(client.get("/servizi")).select_one("main"))
    databases = list((tmp_path / "data").glob("catalog-*.sqlite"))
    assert len(databases) <= 2, databases  # the one served, and the one a slow request may still read


def test_a_worker_that_starts_while_the_file_is_broken_serves_the_last_good_catalogue(catalogue, tmp_path):
    """gunicorn renews workers, systemd restarts replicas: one starting mid-mistake must not answer 503."""
    path, client = catalogue
    save(path, GOOD.replace("name: Contributo per l'affitto", "name: Aiuto per pagare l'affitto"))
    assert client.get("/servizi/aiuto-affitto").status_code == 200  # this version is published, then...
    save(path, GOOD + "\n  broken: [\n")  # ...the editor breaks the file, and a new worker starts
    new_worker = make_app(path, tmp_path / "data").test_client()
    soup = page(new_worker.get("/servizi/aiuto-affitto"))
    assert text_of(soup.h1) == "Aiuto per pagare l'affitto"
    assert problems_on_status_page(new_worker), "the editor still sees what is wrong"


def test_finder_editor_lang_en_shows_the_problems_in_english_on_stato_and_in_the_log(tmp_path, caplog):
    path = tmp_path / "services.yaml"
    path.write_text(BROKEN_VERSIONS["dangling reference"][0], encoding="utf-8")
    caplog.set_level(logging.ERROR, logger="finder.content")
    client = make_app(path, tmp_path / "data", FINDER_EDITOR_LANG="en").test_client()
    status = page(client.get("/stato"))
    [problem] = [text_of(item) for item in status.select(".problems li")]
    assert problem == (f"{path}:158: services[aiuto-affitto].audiences[0]: no audience has the id `famiglia` "
                       "(did you mean `famiglie`?)")
    assert status.select_one("ul.problems")["lang"] == "en"
    assert "L'ultima modifica ha errori" in text_of(status.select_one("[role=alert]"))  # the page stays Italian
    assert any("no audience has the id `famiglia`" in record.getMessage() for record in caplog.records)


def test_stato_lists_the_problems_in_italian_by_default(tmp_path):
    path = tmp_path / "services.yaml"
    path.write_text(BROKEN_VERSIONS["dangling reference"][0], encoding="utf-8")
    status = page(make_app(path, tmp_path / "data").test_client().get("/stato"))
    assert status.select_one("ul.problems")["lang"] == "it"
    assert [text_of(item) for item in status.select(".problems li")] == [
        f"{path}:158: services[aiuto-affitto].audiences[0]: nessun destinatario ha l'id `famiglia` "
        "(forse intendevi `famiglie`?)"]


def test_a_restart_reads_back_each_file_and_a_change_reads_only_that_file(tmp_path):
    """A region's site loads one file per district: each is read and checked once, then kept by its digest."""
    files = national.generate(tmp_path / "content", 3, MINI)
    data = tmp_path / "data"
    first = make_app(":".join(map(str, files)), data).test_client()
    assert first.get("/servizi/assistenza-domiciliare-d002").status_code == 200
    readings = set((data / "readings").iterdir())
    assert len(readings) == 3
    restarted = make_app(":".join(map(str, files)), data).test_client()
    assert restarted.get("/servizi/assistenza-domiciliare-d002").status_code == 200
    assert set((data / "readings").iterdir()) == readings  # nothing read again
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("Assistenza domiciliare", "Aiuto a domicilio"),
                        encoding="utf-8")
    assert restarted.application.extensions["finder_content"].reload()
    assert len(set((data / "readings").iterdir()) - readings) == 1
    assert "Aiuto a domicilio" in page(restarted.get("/servizi/assistenza-domiciliare-d002")).h1.get_text()


def test_a_restart_reads_back_what_the_assistant_worked_out(tmp_path, monkeypatch, caplog):
    """What the assistant works out of a region's catalogue (tens of seconds at national scale) is kept by the
    catalogue's version: a restart answers the chat without working it out again, a changed file has it
    worked out anew, and a damaged kept file is worked out again rather than break the chat."""
    files = national.generate(tmp_path / "content", 2, MINI)
    content, data = ":".join(map(str, files)), tmp_path / "data"
    message = "mia madre non riesce più a lavarsi da sola, abita a " + _first_comune_name(files[1])
    first_answer = chat_services(make_app(content, data).test_client(), message)
    assert first_answer, "the chat suggests services"
    kept = set((data / "knowledge").iterdir())
    assert len(kept) == 1

    def never(catalog):
        raise AssertionError("worked out again")

    with monkeypatch.context() as patched:
        patched.setattr(knowledge_module, "_build", never)
        assert chat_services(make_app(content, data).test_client(), message) == first_answer

    files[1].write_text(files[1].read_text(encoding="utf-8").replace("Assistenza domiciliare", "Aiuto a domicilio"),
                        encoding="utf-8")
    make_app(content, data).test_client().get("/")
    assert len(set((data / "knowledge").iterdir()) - kept) == 1

    for path in (data / "knowledge").iterdir():
        path.write_bytes(b"not what was kept")
    with caplog.at_level(logging.WARNING, logger="finder.assistant"):
        assert chat_services(make_app(content, data).test_client(), message) == first_answer
    assert "could not be used" in caplog.text


def _first_comune_name(path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["comuni"][0]["name"]


def chat_services(client, message) -> list[str]:
    return service_links(post_chat(client, message=message))


def test_a_kept_reading_is_not_shown_in_another_editor_language(tmp_path):
    """Readings keep the problems found in the words they were written in: another FINDER_EDITOR_LANG over
    the same data folder reads the file again rather than show Italian to an English-speaking editor."""
    path = tmp_path / "services.yaml"
    path.write_text((MINI.parent / "broken" / "wrong-patron-day.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    italian = page(make_app(path, tmp_path / "data").test_client().get("/stato"))
    assert "scrivilo come MM-GG" in text_of(italian.select_one(".problems li"))
    english = page(make_app(path, tmp_path / "data", FINDER_EDITOR_LANG="en").test_client().get("/stato"))
    assert "write it as MM-DD" in text_of(english.select_one(".problems li"))
