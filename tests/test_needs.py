"""The needs model as people and editors meet it: a message in any of the six languages is understood,
danger told plainly raises the numbers, a comune written in another script is found, an editor's
`needs:` is honoured and checked, and the assistant's own data files give `file:line` messages."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from finder.assistant import ask
from finder.assistant.training import build, read_corpus
from finder.catalog import CatalogError, load_catalog
from finder.catalog.store import SearchIndex, compile_catalog
from finder.catalog.taxonomy import LANGUAGES, NeedsDataError, needs_taxonomy, read_needs

from tests.helpers import TESTS

ROOT = TESTS.parent
CORPUS = ROOT / "corpus"
LATINA = ROOT / "content" / "services.yaml"


@pytest.fixture(scope="module")
def latina(tmp_path_factory):
    catalog = load_catalog([LATINA])
    index = SearchIndex(compile_catalog(catalog, tmp_path_factory.mktemp("index") / "catalog.sqlite"))
    yield catalog, index
    index.close()


def _ask(district, text, **options):
    catalog, index = district
    return ask(catalog, index, text, **options)


# --- the corpus: data with its provenance, in six languages, every need covered -------------------
def test_the_corpus_covers_every_need_in_every_language():
    examples = read_corpus(CORPUS)
    assert len(examples) >= 3000
    by_language = Counter(example.lang for example in examples)
    assert set(by_language) == set(LANGUAGES)
    assert min(by_language.values()) >= 300, by_language
    for lang in LANGUAGES:
        covered = {example.need for example in examples if example.lang == lang}
        assert covered == set(needs_taxonomy()), (lang, set(needs_taxonomy()) - covered)
    assert (CORPUS / "README.md").read_text(encoding="utf-8").count(".jsonl") >= 6  # provenance per file


def test_a_wrong_corpus_line_is_named_by_file_and_line(tmp_path):
    (tmp_path / "writer.jsonl").write_text(
        '{"need": "food", "lang": "it", "text": "frigo vuoto"}\n'
        '{"need": "fod", "lang": "it", "text": "non abbiamo da mangiare"}\n', encoding="utf-8")
    with pytest.raises(NeedsDataError, match=r"writer\.jsonl:2: need: 'fod' is not a need"):
        read_corpus(tmp_path)
    (tmp_path / "writer.jsonl").write_text('{"need": "food", "lang": "de", "text": "kein Essen"}\n')
    with pytest.raises(NeedsDataError, match=r"writer\.jsonl:1: lang: 'de'"):
        read_corpus(tmp_path)


def test_a_wrong_need_in_the_taxonomy_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "needs.yaml"
    path.write_text("needs:\n  - id: food\n    name: {it: Cibo}\n    answered_by: [mensa]\n"
                    "  - id: debt\n    name: {it: Debiti}\n    answered_by: [debiti]\n    danger: maybe\n")
    with pytest.raises(NeedsDataError, match=r"needs\.yaml:5: needs\[1\]\.danger"):
        read_needs(path)


def test_training_is_deterministic(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"need": example.need, "lang": example.lang, "text": example.text}, ensure_ascii=False)
             for example in read_corpus(CORPUS)[::12]]
    (corpus / "sample.jsonl").write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(CORPUS / "embeddings.npz", corpus / "embeddings.npz")  # computed once, as in the repository
    first = build(corpus, tmp_path / "a.joblib", log=lambda _: None)
    second = build(corpus, tmp_path / "b.joblib", log=lambda _: None)
    assert first == second


# --- six languages ------------------------------------------------------------------------------
DANGER_IN_OTHER_LANGUAGES = [
    "Мій чоловік мене б'є, я боюся",
    "soțul meu mă bate",
    "زوجي يضربني",
    "burri im më rrah çdo natë dhe kam frikë",
    "her husband hit her again last night",
]


@pytest.mark.parametrize("text", DANGER_IN_OTHER_LANGUAGES)
def test_violence_told_in_any_language_raises_the_violence_numbers(latina, text):
    answer = _ask(latina, text)
    assert answer.emergency == "violenza"
    assert answer.follow_up is None


NEEDS_IN_OTHER_LANGUAGES = [
    ("ro", "Mama mea are 86 de ani, nu mai poate să se spele singură și stă toată ziua în pat",
     {"sad-anziani", "adi-cure-domiciliari", "assegno-di-cura-anziani", "pua-valutazione-uvmd"}),
    ("sq", "Na erdhi njoftimi i dëbimit nga shtëpia, duhet të largohemi brenda muajit",
     {"morosita-incolpevole", "housing-temporaneo", "pronto-intervento-sociale", "contributo-affitto"}),
    ("ar", "ليس لدينا طعام في البيت منذ أيام ولدي ثلاثة أطفال",
     {"aiuti-alimentari", "contributo-economico-straordinario", "assegno-di-inclusione"}),
    ("uk", "Я з України, мені потрібна допомога з документами на дозвіл на проживання",
     {"sportello-immigrati"}),
]


@pytest.mark.parametrize("lang, text, right", NEEDS_IN_OTHER_LANGUAGES, ids=[n[0] for n in NEEDS_IN_OTHER_LANGUAGES])
def test_a_need_told_in_another_language_finds_its_service(latina, lang, text, right):
    answer = _ask(latina, text)
    assert set(answer.services[:3]) & right, answer.services
    assert answer.lang == lang


@pytest.mark.parametrize("text, comune", [
    ("Моя мама живе в Сабаудії, їй 90 років і вона не може сама митися", "sabaudia"),
    ("Я живу в Латині і шукаю роботу", "latina"),
    ("أسكن في سابوديا وأبحث عن عمل", "sabaudia"),
    ("نحن في بونتينيا وليس لدينا بيت", "pontinia"),
])
def test_a_comune_written_in_another_script_is_found(latina, text, comune):
    assert _ask(latina, text).comune == comune


def test_an_elderly_word_in_ukrainian_is_not_read_as_a_town(latina):
    assert _ask(latina, "моя літня мама не може сама митися").comune is None


# --- editors may link a service to needs themselves -------------------------------------------------
def _with_service_needs(tmp_path, needs_line: str) -> Path:
    text = LATINA.read_text(encoding="utf-8")
    marker = "  - id: trasporto-sociale\n"
    assert marker in text
    changed = tmp_path / "services.yaml"
    changed.write_text(text.replace(marker, marker + f"    needs: {needs_line}\n", 1), encoding="utf-8")
    return changed


def test_an_unknown_need_is_reported_with_line_field_and_suggestion(tmp_path):
    path = _with_service_needs(tmp_path, "[transport-cure]")
    with pytest.raises(CatalogError) as raised:
        load_catalog([path])
    message = "\n".join(str(problem) for problem in raised.value.problems)
    assert ("needs[0]: `transport-cure` non è uno dei bisogni che l'assistente conosce "
            "(forse intendevi `transport-care`?)") in message
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "transport-cure" in text)
    assert f"services.yaml:{line}:" in message


def test_an_editors_need_brings_the_service_forward(tmp_path):
    path = _with_service_needs(tmp_path, "[debt]")
    catalog = load_catalog([path])
    index = SearchIndex(compile_catalog(catalog, tmp_path / "catalog.sqlite"))
    try:
        answer = ask(catalog, index, "ho troppi debiti con le finanziarie e non riesco a pagare le rate")
    finally:
        index.close()
    assert "trasporto-sociale" in answer.services[:3]
