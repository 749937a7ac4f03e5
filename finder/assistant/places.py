"""Which comune the person lives in: names and aliases, typo-tolerant, several words long, with care for
short aliases that are also ordinary words ("Isola", "Rocca") and for places outside the district."""
from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz, process

from ..catalog.text import STOPWORDS, fold
from .knowledge import Knowledge
from .lexicon import lexicon, settings

CONNECTIVES = frozenset({"di", "del", "della", "dei", "delle", "de", "d"})
SAINT_PREFIXES = {"san": "s", "santa": "s", "sant": "s", "santo": "s"}


@dataclass(frozen=True)
class PlaceName:
    words: tuple
    comune: str
    risky: bool  # a short or ordinary word: needs "a", "di"... before it, never fuzzy
    shortened: bool = False  # the first word of a longer name ("Montecatini" for "Montecatini Terme")


def place_names(knowledge: Knowledge) -> dict:
    """words tuple -> [PlaceName], built once per catalogue."""
    table = knowledge.extras.get("place_names")
    if table is None:
        table = {}
        for comune in knowledge.catalog.comuni.values():
            for name in _variants(comune):
                table.setdefault(name.words, []).append(name)
        for words, names in list(table.items()):  # "Montecatini" when two comuni start so: neither
            if len({name.comune for name in names}) > 1 and any(name.shortened for name in names):
                table[words] = [name for name in names if not name.shortened]
                if not table[words]:
                    del table[words]
        knowledge.extras["place_names"] = table
    return table


def _variants(comune) -> list[PlaceName]:
    official = tuple(fold(comune.name).split())
    spellings = {tuple(fold(name).split()) for name in (*comune.aliases, comune.id.replace("-", " "))}
    spellings.discard(())
    more = set()
    for words in spellings | {official}:
        plain = tuple(word for word in words if word not in CONNECTIVES)
        more.add(plain)
        more.add(("".join(words),))
        if words[0] in SAINT_PREFIXES:
            more.add((SAINT_PREFIXES[words[0]],) + words[1:])
    spellings = (spellings | {words for words in more if words}) - {official}
    names = [PlaceName(official, comune.id, _ordinary(official))]
    names += [PlaceName(words, comune.id, _risky(words, official)) for words in spellings]
    return names + _shortened(official, comune.id, spellings)


def _shortened(official: tuple, comune: str, spellings: set) -> list[PlaceName]:
    """People drop what follows a long first word: "Gravina" for Gravina in Puglia, "Santeramo" for
    Santeramo in Colle. Only a first word long and unusual enough to be a name."""
    first = official[:1]
    if len(official) < 2 or first in spellings or first[0] in SAINT_PREFIXES or first[0] in CONNECTIVES:
        return []
    risky = len(first[0]) < settings()["places"]["min_shortened_length"] or _ordinary(first)
    return [PlaceName(first, comune, risky, shortened=True)]


def _ordinary(words: tuple) -> bool:
    """A name that is also an ordinary word of the lexicon, or very short."""
    return len(words) == 1 and (len(words[0]) < 4 or words[0] in lexicon().known_words)


def _risky(words: tuple, official: tuple) -> bool:
    """An alias that is only the short start of the official name ("Isola", "Rocca"), short, or ordinary."""
    if len(words) > 1:
        return len("".join(words)) < 6 and words[0] == official[0]
    start_only = words[0] == official[0] and len(words[0]) < settings()["places"]["min_shortened_length"]
    return len(words[0]) < 5 or start_only or _ordinary(words)


def find_comune(knowledge: Knowledge, raw_words: tuple, known: str | None = None) -> str | None:
    """The comune the message says the person lives in, or None. With the comune `known` from earlier in
    the conversation, a comune only mentioned ("e per la dialisi? la fa a Nola") does not replace it: one
    said as home ("abitiamo a Nola") or given as the answer ("Nola") does."""
    found = []  # (score, comune)
    table = place_names(knowledge)
    lengths = sorted({len(words) for words in table}, reverse=True)
    taken = set()
    for length in lengths:
        for start in range(len(raw_words) - length + 1):
            span = range(start, start + length)
            if taken.intersection(span):
                continue
            comune = _match(knowledge, table, raw_words, start, length)
            if comune:
                taken.update(span)
                found.append((_weight(raw_words, start, len(raw_words)), comune))
    if not found:
        return None
    weight, comune = max(found)
    if known and comune != known and weight < settings()["places"]["replaces_known"]:
        return known
    return comune


def _match(knowledge, table, raw_words, start, length) -> str | None:
    words = tuple(raw_words[start:start + length])
    for name in table.get(words, ()):
        if not name.risky or _placed(raw_words, start, length):
            return name.comune
    return _fuzzy(knowledge, table, words, raw_words, start, length)


def _fuzzy(knowledge, table, words, raw_words, start, length) -> str | None:
    options = settings()["places"]
    text = " ".join(words)
    if len(text.replace(" ", "")) < options["min_fuzzy_length"] or words[0] in STOPWORDS:
        return None
    if all(word in knowledge.known_words or word in STOPWORDS for word in words):
        return None  # only ordinary words: not a misspelt town
    spellings, comuni = _fuzzy_choices(knowledge, table).get(length, ((), ()))
    match = process.extractOne(text, spellings, scorer=fuzz.ratio, score_cutoff=options["cutoff"])
    return comuni[match[2]] if match else None


def _fuzzy_choices(knowledge, table) -> dict:
    """length in words -> (spellings, comune ids) of the names that may be matched with a typo."""
    choices = knowledge.extras.get("fuzzy_places")
    if choices is None:
        minimum = settings()["places"]["min_fuzzy_length"]
        grouped = {}
        for words, names in table.items():
            if not names[0].risky and len("".join(words)) >= minimum:
                spellings, comuni = grouped.setdefault(len(words), ([], []))
                spellings.append(" ".join(words))
                comuni.append(names[0].comune)
        choices = knowledge.extras["fuzzy_places"] = grouped
    return choices


def _placed(raw_words, start, length) -> bool:
    """A risky alias counts when it stands alone, opens or ends the message, or comes after "a", "di", "sto a"...;
    not before "ecologica"."""
    places = lexicon().place_words
    after = raw_words[start + length] if start + length < len(raw_words) else None
    if after in lexicon().not_after:
        return False
    if len(raw_words) == length:
        return True
    name = tuple(raw_words[start:start + length])
    if (start == 0 or after is None) and not _ordinary(name):
        return True  # a message that opens or ends with the town's short name: "Castelnovo, mia moglie...",
        # "pasti a domicilio riolo"
    return start > 0 and raw_words[start - 1] in places


def _weight(raw_words, start, total) -> float:
    """How surely the comune at `start` is where the person lives: after "abito a", "sto a" or at the
    very start of the message, more; after "in ospedale a", "portarla a", "a fare la dialisi a", less."""
    options = settings()["places"]
    vocabulary = lexicon()
    before = raw_words[max(0, start - options["home_window"]):start]
    score = 1.0 + 0.5 * start / max(total, 1)
    if any(word in vocabulary.home_cues for word in before):
        score += options["home_bonus"]
    if any(word in vocabulary.away_cues for word in raw_words[max(0, start - options["away_window"]):start]):
        score -= options["away_penalty"]
    if start == 0 or (start == 1 and raw_words[0] in vocabulary.place_words):
        score += options["opening_bonus"]
    elif raw_words[start - 1] in vocabulary.of_cues:
        score += options["of_bonus"]
    return score


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_PREFIXES = ("al", "b", "l", "w", "f")  # ال, بـ (in), لـ (to), و (and), ف: glued to the name
_ARABIC_LETTERS = str.maketrans({"p": "b", "v": "f", "c": "k", "q": "k", "e": "y", "i": "y", "o": "w", "u": "w",
                                 "a": None, "h": None, "'": None, "j": "g", "s": "z"})
# (Arabic writes ز for the s Italian says as z between vowels: "بازيليانو" is Basiliano; s and z are one letter here)


def find_comune_in_other_scripts(knowledge: Knowledge, text: str) -> str | None:
    """A comune written in Cyrillic ("Латина", "Сабаудії") or Arabic script ("لاتينا"): Cyrillic is
    transliterated and matched with a typo's tolerance (case endings); Arabic, which writes few vowels,
    is matched on the skeleton of consonants and long vowels of both spellings."""
    if _CYRILLIC.search(text):
        written = _CYRILLIC_WORDS.findall(text)
        words = [_transliterated(word) for word in written]
        capitalised = {word for word, original in zip(words, written) if original[:1].isupper()}
        found = _find_transliterated(knowledge, _with_joined(words), capitalised)
        if found:
            return found
    if _ARABIC.search(text):
        return _find_arabic(knowledge, _with_joined(_ARABIC_WORDS.findall(text)))
    return None


def _transliterated(word: str) -> str:
    """A Cyrillic word in Latin letters: нь is the Italian gn (Болонья, Коньє); elsewhere the soft sign and
    the apostrophe are silent (Вільнев, з'їхати)."""
    word = re.sub("[ьЬ'’ʼ]", "", re.sub("[нН][ьЬ]", "гн", word))
    return fold(anyascii(word))


_CYRILLIC_WORDS = re.compile("[\u0400-\u04ff'’ʼ-]{2,}")
_ARABIC_WORDS = re.compile("[\u0600-\u06ff]{2,}")
SHORTEST_OTHER_SCRIPT_NAME = 4  # "Атрі": a name this short matches only exactly, and only if it is no ordinary word
JOINED_WORDS = 3  # "Сан Мауро Маркезато", "روكا دي نيتو": names of several words, matched joined


def _with_joined(words: list[str]) -> list[str]:
    """Every run of up to JOINED_WORDS neighbouring words written as one (names are kept joined), longest
    first so that "Isola di Capo Rizzuto" wins over "Isola"; single words of at least four letters."""
    runs = []
    for length in range(JOINED_WORDS, 1, -1):
        runs += ["".join(words[start:start + length]) for start in range(len(words) - length + 1)]
    return runs + [word for word in words if len(word) >= 4]


def _find_transliterated(knowledge: Knowledge, words: list[str], capitalised: set) -> str | None:
    """Short words match a name exactly, and only when written with a capital: "тато" (dad) is no misspelt
    "S. Tato", "нове" (new) is not Nove, "Атрі" is Atri."""
    choices = _single_word_names(knowledge)
    cutoff = settings()["places"]["other_script_cutoff"]
    shortest_fuzzy = settings()["places"]["min_fuzzy_length"] - 1
    for word in words:
        for spelling in _italian_spellings(word):
            if len(spelling) < shortest_fuzzy:
                if spelling in choices and word in capitalised:
                    return choices[spelling]
                continue
            match = process.extractOne(spelling, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
            if match:
                return choices[match[0]]
    return None


def _italian_spellings(word: str) -> dict:
    """A transliterated word as Italian may spell it: Cyrillic к writes Italian c (Крема), з the s that
    Italian says as z between vowels (Ізола, Розоліна), дж and ч the g and c Italian says soft before i and
    e (Віджано, Чистерна), ш its sc (Шилла), ц its z (Ареццо, Піццо), й its i (Сіннай)."""
    spellings = {word: None, word.replace("k", "c").replace("y", "i"): None}
    for cyrillic, italian in _SOFT_SOUNDS:
        spellings.update({spelling.replace(cyrillic, italian): None for spelling in list(spellings) if cyrillic in spelling})
    spellings.update({spelling.replace("z", "s"): None for spelling in list(spellings)})
    return spellings


_SOFT_SOUNDS = (("dzh", "gg"), ("dzh", "g"), ("ch", "c"), ("shch", "sc"), ("sh", "sc"), ("ts", "z"),
                ("ts", "tz"))


def _single_word_names(knowledge: Knowledge) -> dict:
    """Each comune's name and aliases written as one word ("sanfelicecirceo"), and as they sound (below)
    -> comune id: someone writing in another script writes what they hear. Short names only when they are
    plain names, not risky ones ("Nove", "Rosa")."""
    names = knowledge.extras.get("joined_place_names")
    if names is None:
        names = {}
        shortest_fuzzy = settings()["places"]["min_fuzzy_length"] - 1
        for words, place_list in place_names(knowledge).items():
            plain = not any(name.risky for name in place_list)
            for spoken in _spoken_forms(words):
                if len(spoken) >= shortest_fuzzy or (plain and len(spoken) >= SHORTEST_OTHER_SCRIPT_NAME):
                    names.setdefault(spoken, place_list[0].comune)
        knowledge.extras["joined_place_names"] = names
    return names


def _spoken_forms(words: tuple) -> list[str]:
    """A name as written, as Italian says it ("Cicciano" tshitshano, "Bolognese" bolonyese) and as French
    says it (Valle d'Aosta: "Cogne" kony, "Villeneuve" vilnev, "Saint-Pierre" sanpyer)."""
    forms = ["".join(words)]
    for sounds in (_ITALIAN_SOUNDS, _FRENCH_SOUNDS):
        spoken = []
        for word in words:
            for pattern, sound in sounds:
                word = pattern.sub(sound, word)
            spoken.append(word)
        forms.append("".join(spoken))
    return forms


def _sounds(*rules: tuple) -> tuple:
    return tuple((re.compile(pattern), sound) for pattern, sound in rules)


_ITALIAN_SOUNDS = _sounds(("gli", "ly"), ("gn", "ny"), ("sci(?=[aou])", "sh"), ("sc(?=[ie])", "sh"),
                          ("cc?i(?=[aou])", "tsh"), ("cc?(?=[ie])", "tsh"), ("ch", "k"), ("gg?i(?=[aou])", "j"),
                          ("gg?(?=[ie])", "j"), ("gh", "g"), ("qu", "kw"))
_FRENCH_SOUNDS = _sounds(("^saint", "san"), ("eau", "o"), ("eu", "e"), ("ou", "u"), ("oi", "wa"), ("ai", "e"),
                         ("au", "o"), ("ll", "l"), ("gn", "ny"), ("qu", "k"), ("ch", "sh"), ("(?:es|e|s|x|t|d)$", ""))


def arabic_skeleton(latin: str) -> str:
    """What Arabic script keeps of a name: consonants and long vowels (i/e as y, o/u as w), no short a."""
    skeleton = fold(latin).replace(" ", "").translate(_ARABIC_LETTERS)
    return re.sub(r"(.)\1+", r"\1", skeleton)


def arabic_full_form(latin: str) -> str:
    """A short name as Arabic writes it with its long a (alif) kept: "Bari" باري bary, "Atri" أتري atry."""
    return re.sub(r"(.)\1+", r"\1", fold(latin).replace(" ", "").translate(_ARABIC_LETTERS_WITH_A))


_ARABIC_LETTERS_WITH_A = {**_ARABIC_LETTERS, ord("a"): "a"}
_ALIF = str.maketrans(dict.fromkeys("اآأإ", "a"))


def _arabic_place_names(knowledge: Knowledge) -> tuple[dict, dict]:
    """(consonant skeleton -> comune, full form -> comune): names of three consonants or fewer are matched
    on their full form only, since most Arabic words have a skeleton of three."""
    tables = knowledge.extras.get("arabic_place_names")
    if tables is None:
        skeletons, full_forms = {}, {}
        for joined, comune in _single_word_names(knowledge).items():
            skeleton = arabic_skeleton(joined)
            if len(skeleton) >= 4:
                skeletons.setdefault(skeleton, comune)
            elif len(full_form := arabic_full_form(joined)) >= SHORTEST_OTHER_SCRIPT_NAME:
                full_forms.setdefault(full_form, comune)
        tables = knowledge.extras["arabic_place_names"] = skeletons, full_forms
    return tables


def _find_arabic(knowledge: Knowledge, words: list[str]) -> str | None:
    skeletons, full_forms = _arabic_place_names(knowledge)
    for word in words:
        written = re.sub(r"(.)\1+", r"\1", anyascii(word.translate(_ALIF)).lower().replace("'", ""))
        for candidate in [written] + [written[len(p):] for p in _ARABIC_PREFIXES if written.startswith(p)]:
            skeleton = candidate.translate(_ARABIC_LETTERS)
            if len(skeleton) < 4:
                if candidate in full_forms:
                    return full_forms[candidate]
                continue
            if skeleton in skeletons:
                return skeletons[skeleton]
            if len(skeleton) >= 6:  # a long vowel written or left out: "سرمونيتا" for "سيرمونيتا"
                match = process.extractOne(skeleton, list(skeletons), scorer=fuzz.ratio,
                                           score_cutoff=settings()["places"]["cutoff"])
                if match:
                    return skeletons[match[0]]
    return None
