"""The assistant, driven the way a person talks to it: in their own words, with typos, in dialect or
English, telling a situation rather than naming a service. Real catalogues compiled by the real code."""
from __future__ import annotations

import json

import pytest

from finder.assistant import ask
from finder.catalog import load_catalog
from finder.catalog.store import SearchIndex, compile_catalog
from finder.cli import main

from tests.helpers import CROTONE, FIXTURES, TESTS

VALLE = FIXTURES / "assistant-valle.yaml"  # an invented district nobody tuned the assistant on
PROBE = FIXTURES / "assistant-probe.yaml"  # another region, its probe written before the fixes it checks
PROBE_QUESTIONS = TESTS / "questions-probe.yaml"
DANGER = FIXTURES / "assistant-danger.yaml"  # emergencies under ids of its own, for the danger bank
DANGER_QUESTIONS = TESTS / "questions-danger.yaml"  # written before the danger concepts it checks
PROBE2 = FIXTURES / "assistant-probe2.yaml"  # which service (and door) comes first among neighbours
PROBE2_QUESTIONS = TESTS / "questions-probe2.yaml"  # written before the ranking changes it checks
# two districts written by outside writers in session 9 as development sets (docs/assistant.md): studied
CALTAGIRONE, BASSANO = FIXTURES / "district-caltagirone.yaml", FIXTURES / "district-bassano.yaml"
LATINA = TESTS.parent / "content" / "services.yaml"
LATINA_QUESTIONS = TESTS / "questions-latina.yaml"


def _district(path, tmp_path_factory):
    catalog = load_catalog([path])
    index = SearchIndex(compile_catalog(catalog, tmp_path_factory.mktemp("index") / "catalog.sqlite"))
    return catalog, index


@pytest.fixture(scope="module")
def crotone(tmp_path_factory):
    return _district(CROTONE, tmp_path_factory)


@pytest.fixture(scope="module")
def valle(tmp_path_factory):
    return _district(VALLE, tmp_path_factory)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return _district(PROBE, tmp_path_factory)


def say(district, text, **options):
    catalog, index = district
    return ask(catalog, index, text, **options)


# --- slots: comune, audience, category --------------------------------------------------------------

@pytest.mark.parametrize("text, comune", [
    ("mia madre abita a sabudia", None),  # Sabaudia is not in Crotone: no false comune
    ("stiamo a isola capo rizuto", "isola-di-capo-rizzuto"),
    ("siamo a roccadineto", "rocca-di-neto"),
    ("abito a s. mauro", "san-mauro-marchesato"),
    ("vivo a steccato di cutro", "cutro"),
    ("sto a rocca", "rocca-di-neto"),
    ("io sto a bologna", None),
    ("un posto a strongoli con gli infermieri", None),
    ("esce da rebibbia a maggio", None),
    ("lavoro a milano", None),
    ("la rocca del castello è bella", None),  # an ordinary word, not the short alias
    ("mia figlia vive in un'isola felice", None),
])
def test_comune_is_found_with_typos_and_never_invented(crotone, text, comune):
    assert say(crotone, text).comune == comune


@pytest.fixture(scope="module")
def long_names(tmp_path_factory):
    """The probe district with comuni named as in Puglia and Tuscany: a long first word, then more."""
    text = PROBE.read_text(encoding="utf-8")
    text = text.replace("name: Roccaraso\n    aliases: [Pietransieri, Aremogna]", "name: Gravina in Puglia")
    text = text.replace("name: Castel di Sangro\n    aliases: [Castello di Sangro, Roccacinquemiglia, Castel Sangro]",
                        "name: Montecatini Terme")
    path = tmp_path_factory.mktemp("long-names") / "services.yaml"
    path.write_text(text, encoding="utf-8")
    return _district(path, tmp_path_factory)


@pytest.mark.parametrize("text, comune", [
    ("pulizie di casa per papà montecatini", "castel-di-sangro"),  # the ids stay the fixture's
    ("locuiesc in Gravina cu sotul meu", "roccaraso"),
    ("Моя мати мешкає у Монтекатіні", "castel-di-sangro"),
    ("أمي تعيش وحدها في مونتيكاتيني", "castel-di-sangro"),
    ("mi serve aiuto per la terme", None),
])
def test_a_comune_is_found_by_the_first_word_of_its_longer_name(long_names, text, comune):
    assert say(long_names, text).comune == comune


@pytest.mark.parametrize("text, comune", [
    ("Я живу в Ізолі, потрібна робота", "isola-di-capo-rizzuto"),  # з for the s Italian says as z
    ("نسكن في روكا دي نيتو وما عندناش الخدمة", "rocca-di-neto"),  # a name of three words
    ("أسكن في ايزولا دي كابو ريزوتو", "isola-di-capo-rizzuto"),
    ("Ми живемо в Сан Мауро Маркезато, мамі 80 років", "san-mauro-marchesato"),
])
def test_a_comune_of_several_words_is_found_in_another_script(crotone, text, comune):
    assert say(crotone, text).comune == comune


def _probe_renamed(tmp_path_factory, renames: dict):
    """The probe district with some comuni renamed ({"Ateleta\n    aliases: […]": "Viggiano"}): same ids."""
    text = PROBE.read_text(encoding="utf-8")
    for old, new in renames.items():
        text = text.replace(f"name: {old}", f"name: {new}")
    path = tmp_path_factory.mktemp("renamed") / "services.yaml"
    path.write_text(text, encoding="utf-8")
    return _district(path, tmp_path_factory)


ATELETA, SCONTRONE = "Ateleta\n    aliases: [Carceri, Ateleta Carceri]", "Scontrone\n    aliases: [Villa Scontrone]"
ALFEDENA, BARREA = "Alfedena\n    aliases: [Alfedena paese]", "Barrea\n    aliases: [Lago di Barrea]"


@pytest.fixture(scope="module")
def soft_sounds(tmp_path_factory):
    """The probe district with comuni whose names Italian says with a z-sounding s, a soft g or c, or sc."""
    return _probe_renamed(tmp_path_factory, {ATELETA: "Viggiano", SCONTRONE: "Basiliano", ALFEDENA: "Ciampino",
                                             BARREA: "Scilla"})


@pytest.mark.parametrize("text, comune", [
    ("Моя мама живе сама у Віджано, їй потрібна допомога вдома", "ateleta"),  # дж: the soft g
    ("أبحث عن عمل، أسكن في بازيليانو منذ سنة", "scontrone"),  # ز: the s said as z
    ("Ми живемо в Чампіно, потрібна допомога", "alfedena"),  # ч: the soft c
    ("Я живу в Шилла з сином", "barrea"),  # ш: sc
    ("Мама живе сама в Пескокостанцо, їй 84 роки", "pescocostanzo"),  # ц: z
])
def test_a_comune_is_found_in_another_script_as_italian_says_it(soft_sounds, text, comune):
    assert say(soft_sounds, text).comune == comune


@pytest.fixture(scope="module")
def names_as_they_sound(tmp_path_factory):
    """The probe district with comuni whose names are not said as written: French names of Valle d'Aosta,
    an Italian gn, an Italian soft double c, a name of two words."""
    return _probe_renamed(tmp_path_factory, {"Roccaraso\n    aliases: [Pietransieri, Aremogna]": "Riolo Terme",
                                             "Rivisondoli": "Cogne", ATELETA: "Villeneuve", SCONTRONE: "Saint-Pierre",
                                             ALFEDENA: "Castel Bolognese", BARREA: "Cicciano"})


@pytest.mark.parametrize("text", ["pasti a domicilio riolo", "Riolo, mia madre ha bisogno dei pasti a casa"])
def test_a_short_first_word_names_its_comune_at_either_end_of_a_message(names_as_they_sound, text):
    assert say(names_as_they_sound, text).comune == "roccaraso"  # Riolo Terme


@pytest.mark.parametrize("text, comune", [
    ("Я живу в Коньє з двома дітьми, шукаю роботу", "rivisondoli"),  # нь: the gn
    ("Мама живе у Вільнев, їй 90 років", "ateleta"),  # as French says it, the soft sign silent
    ("أسكن في سان بيير مع أولادي وأبحث عن عمل", "scontrone"),
    ("نسكن في كاستل بولونيزي وأمي مريضة", "alfedena"),  # the gn written ني
    ("أعيش في تشيتشانو منذ سنتين", "barrea"),  # the soft cc written تش
])
def test_a_comune_is_found_in_another_script_as_it_sounds(names_as_they_sound, text, comune):
    assert say(names_as_they_sound, text).comune == comune


@pytest.fixture(scope="module")
def short_names(tmp_path_factory):
    """The probe district with a comune of four letters and one whose name Ukrainian writes with ʼ."""
    return _probe_renamed(tmp_path_factory, {ATELETA: "Atri", BARREA: "Piacenza"})


@pytest.mark.parametrize("text, comune", [
    ("Я живу в Атрі, шукаю роботу доглядальниці", "ateleta"),
    ("أسكن في أتري مع زوجي وأولادي ونحتاج مساعدة في الإيجار", "ateleta"),  # the long a written, a name of four
    ("ابني معاق ونعيش بأتري", "ateleta"),  # بـ (in) glued to it
    ("Моя бабуся живе в Пʼяченці сама", "barrea"),  # ʼ, the Ukrainian apostrophe
])
def test_a_comune_of_four_letters_is_found_in_another_script(short_names, text, comune):
    assert say(short_names, text).comune == comune


@pytest.fixture(scope="module")
def bassano(tmp_path_factory):
    return _district(BASSANO, tmp_path_factory)


def test_a_short_name_that_is_also_a_word_is_not_read_in_another_script(bassano):
    """Nove is a comune and "нове" is Ukrainian for "new": short names that are ordinary words stay out."""
    assert say(bassano, "Хочу почати нове життя з дітьми, потрібна робота").comune is None


@pytest.fixture(scope="module")
def caltagirone(tmp_path_factory):
    return _district(CALTAGIRONE, tmp_path_factory)


@pytest.mark.parametrize("text", [
    "mio figlio di 40 anni sente delle voci che gli danno ordini, non esce più di casa e non vuole vedere "
    "nessun medico, abitiamo a Caltagirone",
])
def test_a_need_the_model_is_sure_of_overrules_the_group_the_words_suggest(caltagirone, text):
    """"Non esce più di casa" reads as an older person's loneliness; the whole message is mental health."""
    answer = say(caltagirone, text)
    assert answer.audience in (None, *caltagirone[0].services["salute-mentale"].audiences)
    assert answer.services[0] == "salute-mentale"
    assert answer.access_point == "csm-caltagirone"


@pytest.fixture(scope="module")
def short_aliases(tmp_path_factory):
    """The probe district with frazioni of short names, one an abbreviation ("S. Tato")."""
    return _probe_renamed(tmp_path_factory, {SCONTRONE: "Scontrone\n    aliases: [Villa Scontrone, Tufo]",
                                             ALFEDENA: "Alfedena\n    aliases: [S. Tato]"})


@pytest.mark.parametrize("text, comune", [
    ("Jetoj në Tufo me dy fëmijë dhe kërkoj punë", "scontrone"),  # Albanian "in"
    ("Sunt din Tufo, mama mea are 85 de ani", "scontrone"),  # Romanian "from"
    ("Мій тато хворий. Живемо в Пескокостанці", "pescocostanzo"),  # "тато" is no misspelt "S. Tato"
])
def test_a_frazione_of_a_short_name_is_found_after_a_preposition_of_another_language(short_aliases, text, comune):
    assert say(short_aliases, text).comune == comune


@pytest.mark.parametrize("text", [
    "ho 20 anni, sto a casa a cutro senza fare niente, ho provato a fare la stagione a crotone ma non mi prendono",
    "papà vive da solo giù a cutro e non ce la fa più con la spesa, io faccio i turni in fabbrica a crotone",
])
def test_home_told_a_few_words_before_the_comune_wins_over_a_workplace(crotone, text):
    assert say(crotone, text).comune == "cutro"


def test_a_comune_only_mentioned_later_in_the_conversation_does_not_move_the_person(crotone):
    first = say(crotone, "mia madre non cammina più, ha bisogno di aiuto in casa, abitiamo a cutro")
    assert first.comune == "cutro"
    later = say(crotone, "e per la dialisi? mamma la fa a crotone 3 volte a settimana e io lavoro", state=first.state)
    assert later.comune == "cutro"
    moved = say(crotone, "scusate, abbiamo cambiato casa: ora abitiamo a crotone", state=first.state)
    assert moved.comune == "crotone"


def test_the_comune_where_the_person_lives_wins_over_one_visited(crotone):
    answer = say(crotone, "fa fisioterapia a crotone tre volte a settimana, abitiamo a steccato di cutro")
    assert answer.comune == "cutro"


@pytest.mark.parametrize("text", [
    "Locuim la Cutro, dar mama face dializa la Crotone de trei ori pe saptamana",
    "Jetojme ne Cutro, por djali shkon per terapi ne Crotone",
    "نسكن في Cutro، وابني عنده جلسات علاج في Crotone",
    "Ми живемо в Cutro, а на хіміотерапію возимо тата в Crotone",
])
def test_where_the_person_lives_wins_in_their_own_language(crotone, text):
    assert say(crotone, text).comune == "cutro"


@pytest.mark.parametrize("text, audience", [
    ("mia mamma ha 87 anni e non ce la fa più a lavarsi da sola", "anziani"),
    ("mio figlio di 6 anni non dorme", "minori-e-famiglie"),
    ("ho 19 anni e cerco un tirocinio", "giovani"),
])
def test_ages_pick_the_audience(crotone, text, audience):
    assert say(crotone, text).audience == audience


def test_a_duration_is_not_an_age(crotone):
    answer = say(crotone, "sono disoccupato da 2 anni")
    assert answer.audience != "minori-e-famiglie"


@pytest.mark.parametrize("text, years", [
    ("è 3 anni che abito a Cutro e voglio portare qui mia moglie", ()),
    ("abito qui da 3 anni, ho un figlio", ()),
    ("ho 3 anni qui, lavoro in campagna", ()),
    ("ho una bimba di 18 mesi e torno a lavorare", (1,)),
    ("mio figlio di 6 anni a scuola non mangia", (6,)),
])
def test_durations_are_not_ages_and_months_are_a_small_child(crotone, text, years):
    from finder.assistant.knowledge import knowledge_of
    from finder.assistant.reading import read
    reading = read(knowledge_of(crotone[0]), text)
    assert tuple(age.years for age in reading.ages) == years


@pytest.mark.parametrize("text, first", [
    ("vivo qui da 3 anni, vorrei far venire mia moglie e i figli dal Senegal, come si fa le carte?",
     {"sportello-immigrati"}),
    ("la maestra dice che mio figlio arriva senza merenda e con i vestiti sporchi, me lo tolgono? non ho lavoro",
     {"educativa-domiciliare-minori", "servizio-sociale-professionale"}),
])
def test_the_first_service_is_the_need_not_a_neighbour(crotone, text, first):
    answer = say(crotone, text)
    assert answer.services[0] in first, answer.services


def test_voices_and_a_shut_room_are_no_older_persons_loneliness(crotone):
    answer = say(crotone, "mio fratello sente le voci e non esce dalla camera")
    assert answer.audience != "anziani"
    assert "centro-diurno-anziani" not in answer.services[:3]


def test_services_from_a_situation_told_without_the_catalogues_words(crotone):
    answer = say(crotone, "il frigo e vuoto da giorni e ho due figli piccoli, stiamo a cutro")
    assert "aiuti-alimentari" in answer.services[:3]
    assert answer.access_point == "segretariato-cutro"


def test_dialect_and_english_are_understood(crotone):
    assert "tirocini-inclusione" in say(crotone, "u figghiu meu nun travagghia, simu i cutro").services[:3]
    assert say(crotone, "my grandmother cant cook anymore, she lives in Crotone").services[0] == "pasti-a-domicilio"


def test_the_door_is_the_services_own_when_it_has_one(crotone):
    answer = say(crotone, "mia suocera sta sempre a letto con le piaghe, abita a san mauro")
    assert answer.services[0] == "assistenza-domiciliare-integrata"
    assert answer.access_point == "pua-crotone"


# --- the conversation: follow-up questions and state ---------------------------------------------

def test_asks_for_the_comune_when_it_decides_the_door_and_still_shows_services(crotone):
    answer = say(crotone, "come si fa domanda per il telesoccorso per mia madre?")
    assert answer.services[0] == "telesoccorso"
    assert answer.access_point is None
    assert answer.follow_up.slot == "comune"
    assert {"id": "cutro", "label": "Cutro"} in answer.to_json()["follow_up"]["options"]
    assert answer.state["asked"] == ["comune"]


def test_question_texts_go_through_the_translate_callable(crotone):
    answer = say(crotone, "telesoccorso per la nonna", lang="en", translate=lambda text: f"<{text}>")
    assert answer.follow_up.question.startswith("<") and answer.follow_up.question.endswith(">")


def test_a_comune_alone_continues_the_conversation(crotone):
    first = say(crotone, "mio fratello in carrozzina deve andare a fare terapia")
    answer = say(crotone, "sto a rocca", state=first.state)
    assert answer.comune == "rocca-di-neto"
    assert answer.services[0] == "trasporto-sociale-disabili"
    assert answer.access_point == "segretariato-rocca-di-neto"
    assert answer.follow_up is None


def test_a_state_with_only_the_three_slots_is_accepted(crotone):
    answer = say(crotone, "sto a rocca", state={"audience": "persone-con-disabilita", "category": "trasporto-e-mobilita"})
    assert answer.services == ["trasporto-sociale-disabili"]


def test_a_state_with_unknown_ids_is_ignored(crotone):
    answer = say(crotone, "ciao", state={"comune": "atlantide", "audience": 3, "asked": "x"})
    assert answer.comune is None and answer.services == []
    assert answer.follow_up.slot == "category"


def test_a_service_not_offered_in_the_comune_is_never_offered(crotone):
    answer = say(crotone, "mio padre a s. mauro marchesato non sa cucinare, c e il servizio dei pasti a casa?")
    assert "pasti-a-domicilio" not in answer.services
    assert answer.services[0] == "assistenza-domiciliare-anziani"


def test_understood_says_what_was_understood(crotone):
    answer = say(crotone, "mia mamma ha 87 anni e non ce la fa più a lavarsi da sola, stiamo a Cutro")
    assert answer.understood == "Ho capito: persone anziane, Cutro, aiuto a casa"


def test_an_age_outside_an_audiences_range_rules_it_out(crotone):
    answer = say(crotone, "mio figlio ha 35 anni, vive da solo, non esce più di casa e parla da solo, dice che lo spiano")
    assert answer.audience != "anziani"
    assert say(crotone, "mio padre ha 80 anni, vive da solo e non esce più di casa").audience == "anziani"


# --- emergencies: first, always, and never a question ---------------------------------------------

@pytest.mark.parametrize("text, emergency", [
    ("mio marito mi ha picchiata di nuovo, sto a crotone", "violenza"),
    ("mi ha lasciata fuori sul balcone tutta la notte e ho il labbro spaccato", "violenza"),
    ("he locked me in and took my passport, last time he squeezed my neck", "violenza"),
    ("nn ce la faccio piu, voglio farla finita stasera", "pericolo-di-vita"),
    ("ha ingoiato una boccetta di gocce e non si sveglia", "pericolo-di-vita"),
    ("il mio amico e seduto sul cornicione e dice che non mancherebbe a nessuno", "pericolo-di-vita"),
    ("ho 13 anni mio padre quando beve mi picchia", "minore-in-pericolo"),
    ("la bambina del piano di sopra sta sola sul balcone fino a mezzanotte", "minore-in-pericolo"),
])
def test_emergencies_come_first_with_no_question(crotone, text, emergency):
    answer = say(crotone, text)
    assert answer.emergency == emergency
    assert answer.follow_up is None
    assert answer.services[:len(crotone[0].emergencies[emergency].services)] == \
        list(crotone[0].emergencies[emergency].services)


@pytest.mark.parametrize("text", [
    "non riesco a pagare l'affitto, il padrone di casa è arrabbiato",
    "mio figlio adolescente risponde male e sbatte le porte",
    "mia madre ha paura di cadere di notte",
    "mi vergogno a chiedere, sono esaurita",
    "il mio compagno mi controlla il telefono ma non mi ha mai toccata",
    "la mattina mio figlio non si sveglia mai per la scuola",
    "anni fa il mio ex mi picchiava, ora sono separata e sto bene: cerco un lavoro a crotone",  # long over
    "Years ago my husband hit me, we are divorced now and I am safe. I need a job in Crotone.",
    "mio padre mi uccide se vede la pagella, mi serve qualcuno per i compiti",  # a figure of speech
    "cosa farà mia figlia disabile quando non ci sarò più io",  # planning for after one's death: "dopo di noi"
    "mia madre ha 84 anni e mio fratello autistico vive con lei: chi lo seguirà quando lei non ci sarà più?",
    # a past attempt on one's life, now in care: the year told as over
    "Mio fratello ci ha provato l'anno scorso a farla finita, ora lo seguono al CSM e sta meglio, ma ha perso il lavoro",
    "my brother tried to kill himself last year, he is in therapy now and wants a job",
])
def test_worries_are_not_emergencies(crotone, text):
    assert say(crotone, text).emergency is None


def test_an_editors_trigger_told_of_something_over_raises_no_alarm(crotone):
    """Crotone's editors list "è svenuto" as a danger: a faint last summer, told as over, is no emergency."""
    answer = say(crotone, "mio figlio è svenuto l'anno scorso per il caldo, adesso sta bene, chiedo per il centro estivo")
    assert answer.emergency is None


@pytest.mark.parametrize("text, emergency", [
    ("mio marito mi picchiava anche ieri sera davanti ai bambini", "violenza"),  # the imperfect, and now
    ("il mio ex mi picchiava ma ora mi segue sotto casa tutte le sere", "violenza"),
    ("anni fa mi picchiava, poi si era calmato, ma ieri sera ha ricominciato e mi ha rotto il labbro", "violenza"),
    ("mamma è per terra in cucina e non respira", "pericolo-di-vita"),
    ("ci aveva già provato l'anno scorso e stanotte ha ingoiato tutte le pastiglie della nonna, non si sveglia",
     "pericolo-di-vita"),
])
def test_danger_now_in_the_same_words_still_raises_the_alarm(crotone, text, emergency):
    assert say(crotone, text).emergency == emergency


@pytest.mark.parametrize("text, emergency", [
    ("Bună ziua. Locuiesc la Crotone de doi ani cu cei doi copii, lucrez ca badantă și caut o grădiniță pentru "
     "cel mic. Aseară bărbatul meu a venit beat și m-a strâns de gât. Vreau să știu ce acte trebuie pentru chirie "
     "și pentru școală.", "violenza"),
    ("Добрий день. Ми живемо в Кротоне, я працюю на фабриці, донька ходить до школи, шукаю курси італійської. "
     "Сусід подзвонив, що мама лежить на підлозі в коридорі і не відповідає. Ще хотіла спитати про допомогу на "
     "оренду.", "pericolo-di-vita"),
])
def test_danger_told_in_one_sentence_of_a_long_message_in_another_language_raises_it(crotone, text, emergency):
    assert_numbers_first(say(crotone, text), emergency)


def test_a_girl_who_locked_herself_in_after_a_farewell_is_a_life_in_danger_not_violence(crotone):
    answer = say(crotone, "mia figlia di 16 anni ha scritto alle amiche che le dispiace per tutto, si è chiusa a chiave "
                          "in bagno e non risponde")
    assert answer.emergency == "pericolo-di-vita"


# --- danger told as a situation, with no alarm word: who does what to whom -------------------------

@pytest.mark.parametrize("text, emergency", [
    ("ho comprato una corda, domani non mi vedranno più", "crisi-suicidaria"),
    ("voglio solo smettere di dare fastidio a tutti", "crisi-suicidaria"),
    ("sarebbero tutti più tranquilli senza di me", "crisi-suicidaria"),
    ("sto mettendo da parte le pillole di mio padre, stanotte le prendo tutte", "crisi-suicidaria"),
    ("I feel like a burden to everyone, they'd be better off without me", "crisi-suicidaria"),
    ("il compagno di mia sorella tocca mia figlia sotto le mutande", "bambino-a-rischio"),
    ("il nonno le mette le mani nelle parti intime e le dice che è un segreto", "bambino-a-rischio"),
    ("my brother in law touched my daughter under her clothes and told her it's a secret", "bambino-a-rischio"),
    ("la vicina lega i bambini al letto quando esce", "bambino-a-rischio"),
    ("il bambino del terzo piano lo chiudono in cantina per castigo", "bambino-a-rischio"),
    ("lasciano il piccolo senza cena per punizione", "bambino-a-rischio"),
    ("il bimbo ha bruciature di sigaretta sulle braccia", "bambino-a-rischio"),
    ("my neighbour ties her son to a chair and leaves him without food", "bambino-a-rischio"),
])
def test_danger_told_as_a_situation_raises_the_catalogues_emergency(probe, text, emergency):
    assert_numbers_first(say(probe, text), emergency)


def assert_numbers_first(answer, emergency):
    assert answer.emergency == emergency
    assert answer.follow_up is None  # an emergency never asks a question


@pytest.mark.parametrize("text", [
    "mia madre senza di me non ce la fa, serve una badante",
    "non voglio essere un peso per i miei figli, cerco una casa di riposo",
    "mio figlio di 4 anni si tocca spesso le parti intime, è normale?",
    "domani devo prendere tutte le medicine per mia madre in farmacia",
    "mio figlio di 10 anni si chiude in camera e non parla",
    "i bambini sono senza mangiare perché ho perso il lavoro",
    "mio marito beve tutte le sere ma non è violento",
    "mio figlio a scuola picchia i compagni",
    "mio figlio è stato colpito da una brutta malattia",
    "abbiamo comprato una corda per stendere i panni",
    "la casa è abusiva e ho due figli",
    "vorremmo prendere in affido un bambino",
])
def test_worries_in_the_same_words_are_not_emergencies(probe, text):
    assert say(probe, text).emergency is None


def test_the_comune_is_asked_even_when_the_service_has_one_door_for_the_district(probe):
    first = say(probe, "mio fratello si gioca tutto lo stipendio alle slot, come possiamo aiutarlo?")
    assert first.services[0] == "servizio-dipendenze"
    assert first.follow_up.slot == "comune"
    assert {"id": "barrea", "label": "Barrea"} in first.to_json()["follow_up"]["options"]
    second = say(probe, "non lo so", state=first.state)
    assert second.follow_up.slot == "comune"
    assert say(probe, "boh", state=second.state).follow_up is None  # asked twice: enough


def test_a_destination_is_not_where_the_person_lives(probe):
    answer = say(probe, "a Scontrone c è qualcuno che porta mio padre a fare la dialisi a Castel di Sangro?")
    assert answer.comune == "scontrone"
    assert answer.access_point == "sociale-scontrone"


def test_a_place_alone_continues_with_the_audiences_own_desk(probe):
    answer = say(probe, "abito a Pietransieri, comune de Roccaraso", state={"audience": "migranti"})
    assert answer.comune == "roccaraso"
    assert answer.services[0] == "sportello-migranti"
    assert answer.access_point == "sportello-migranti-as"


def test_an_addiction_comes_before_the_money_it_costs(probe):
    answer = say(probe, "mio marito si gioca tutti i soldi alle slot, abitiamo ad Ateleta")
    assert answer.services[0] == "servizio-dipendenze"
    assert answer.access_point == "serd-castel-di-sangro"


# --- privacy and limits ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("il mio codice fiscale e RSSMRA85T10A562S", "codice_fiscale"),
    ("chiamatemi al 333 123 4567", "phone"),
    ("scrivete a maria.rossi@example.com", "email"),
    ("IBAN IT60 X054 2811 1010 0000 0123 456", "iban"),
])
def test_personal_data_in_the_message_is_flagged(crotone, text, kind):
    assert kind in say(crotone, text).overshare


def test_no_overshare_for_ages_amounts_and_helplines(crotone):
    assert say(crotone, "ha 87 anni, la bolletta e di 400 euro, ho chiamato il 1522").overshare == ()


def test_messages_over_1000_characters_are_refused_but_still_read_for_danger(crotone):
    long_text = "aiuto per la spesa " * 60
    assert say(crotone, long_text).refused
    assert say(crotone, long_text).services == []
    danger = say(crotone, "voglio farla finita. " + long_text)
    assert danger.refused and danger.emergency == "pericolo-di-vita"


# --- nothing is tied to one district -------------------------------------------------------------------

def test_an_unseen_district_is_understood_with_its_own_ids(valle):
    home = say(valle, "mia nonna ha 88 anni e non riesce più a farsi la doccia, sta a pietralunga")
    assert home.services[0] == "aiuto-domestico-over65"
    assert home.comune == "pietralunga-ombrosa" and home.access_point == "sportello-pietralunga"
    assert say(valle, "il frigo e vuoto e i bambini hanno fame, sto a s. giorgio").services[0] == "emporio-della-valle"
    assert say(valle, "stiamo a pietra").comune == "pietralunga-ombrosa"


def test_an_unseen_districts_emergencies_are_found_by_their_numbers(valle):
    assert say(valle, "mi ha stretto il collo e mi ha chiusa in casa").emergency == "allarme-casa"
    assert say(valle, "ho ingoiato tutte le pillole che avevo").emergency == "crisi"
    assert say(valle, "la bimba dei vicini e sola sul balcone a mezzanotte").emergency == "infanzia"


def test_suspended_services_are_never_offered(valle):
    answer = say(valle, "ci hanno staccato la luce, non pago le bollette, abito a montefiorito")
    assert answer.services[0] == "fondo-utenze"
    assert "vecchio-servizio-sospeso" not in answer.services


def test_services_offered_only_in_some_comuni_make_the_comune_worth_asking(valle):
    answer = say(valle, "mia mamma cade spesso, vorrei il ciondolo che chiama aiuto")
    assert answer.services[0] == "pulsante-salvavita"
    assert answer.follow_up.slot == "comune"


# --- the command line ------------------------------------------------------------------------------------

def test_finder_ask_prints_the_contracts_json(runner):
    result = runner.invoke(main, ["ask", "sto a rocca", "--content", str(CROTONE), "--json",
                                  "--state", '{"audience": "persone-con-disabilita", "category": "trasporto-e-mobilita"}'])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer) == {"services", "access_point", "comune", "audience", "category", "emergency",
                           "follow_up", "state", "need", "lang"}  # the last two: docs/content-format-additions.md
    assert answer["services"] == ["trasporto-sociale-disabili"]


@pytest.mark.parametrize("state", ["{not json", "[1, 2]"])
def test_finder_ask_explains_a_bad_state_without_a_traceback(runner, state):
    result = runner.invoke(main, ["ask", "ciao", "--content", str(CROTONE), "--state", state])
    assert result.exit_code == 2
    assert "--state" in result.output and "Traceback" not in result.output


def test_finder_eval_fails_when_a_figure_misses_its_floor(runner, tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text('- says: "sto a cutro, ho bisogno di aiuto per le bollette"\n'
                         '  expect: {services: [affido-familiare]}\n', encoding="utf-8")
    result = runner.invoke(main, ["eval", str(questions), "--content", str(CROTONE), "--min", "top3=90"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("top1 0% top3 0% comune - access_point -")


def test_finder_eval_counts_each_language_apart(runner, tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text('- says: "sto a cutro, mia madre non riesce più a lavarsi da sola"\n'
                         '  expect: {services: [affido-familiare]}\n'
                         '- says: "Мій чоловік мене б\'є, я боюся"\n'
                         '  expect: {emergency: violenza}\n', encoding="utf-8")
    result = runner.invoke(main, ["eval", str(questions), "--content", str(CROTONE)])
    by_language = result.stdout.splitlines()[-2]
    assert by_language == "by language: it top3 0/1 false_alarm 0/1; uk emergency 1/1"


# Floors: the figures reached by the needs model with the shipped settings (docs/assistant.md). The
# Crotone sets are an evaluation set: nothing was tuned on them. A regression below a floor fails CI.
LATINA_I18N_QUESTIONS = TESTS / "questions-latina-i18n.yaml"  # en/ro/sq/ar/uk, written before the model
EVAL_FLOORS = [
    (CROTONE.parent / "questions.yaml", CROTONE,
     "top1=97,top3=100,comune=100,access_point=100,follow_up=100,emergency=100,false_alarm=0"),
    (CROTONE.parent / "questions-hard.yaml", CROTONE,
     "top1=91,top3=100,comune=100,access_point=100,follow_up=100,emergency=100,false_alarm=0"),
    (LATINA_QUESTIONS, LATINA,
     "top1=95,top3=100,comune=100,access_point=97,follow_up=100,emergency=100,false_alarm=0"),
    # session 7's banks: the 13 blind districts gained (emergencies 112 -> 114 of 131), this set lost one
    # emergency (the model's stricter threshold), one top-1 and one door (docs/assistant.md)
    # session 10's long bank: every emergency of this set raised (15/16 -> 16/16), one more worry raised (2/64)
    # session 11's banks (8-10): hard top-1 and top-3 +2.2, Bassano top-1 +1.7; one Arabic door lost here, one
    # Caltagirone top-3 and two worries of the danger set raised (docs/assistant.md, "Session 11")
    (LATINA_I18N_QUESTIONS, LATINA, "top1=89,top3=95,comune=100,access_point=93,emergency=100,false_alarm=4"),
    (PROBE_QUESTIONS, PROBE,
     "top1=100,top3=100,comune=100,access_point=100,follow_up=100,emergency=100,false_alarm=0"),
    (DANGER_QUESTIONS, DANGER, "emergency=100,false_alarm=14"),  # docs/assistant.md: the price of the banks
    (PROBE2_QUESTIONS, PROBE2, "top1=100,top3=100,access_point=100,false_alarm=0"),
    (TESTS / "questions-caltagirone.yaml", CALTAGIRONE,
     "top1=94,top3=98,comune=98,access_point=100,emergency=100,false_alarm=0"),
    (TESTS / "questions-bassano.yaml", BASSANO, "top1=93,top3=100,comune=100,access_point=100,emergency=100,false_alarm=0"),
]


@pytest.mark.parametrize("questions, content, floors", EVAL_FLOORS,
                         ids=["crotone", "crotone-hard", "latina", "latina-i18n", "probe", "danger", "probe2",
                              "caltagirone", "bassano"])
def test_evaluation_sets_stay_above_their_floors(runner, questions, content, floors):
    result = runner.invoke(main, ["eval", str(questions), "--content", str(content), "--min", floors])
    assert result.exit_code == 0, result.output
