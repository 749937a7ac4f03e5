"""Words as the machine compares them: folded case and accents, common abbreviations, Italian stems."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

_WORDS = yaml.safe_load((Path(__file__).with_name("words.yaml")).read_text(encoding="utf-8"))
ABBREVIATIONS = _WORDS["abbreviations"]
STEM_OVERRIDES = _WORDS["stems"]
STOPWORDS = frozenset(_WORDS["stopwords"])
_stemmers = {"it": snowballstemmer.stemmer("italian"), "en": snowballstemmer.stemmer("english")}
_REPEATS = re.compile(r"(\w)\1{2,}")
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, letters repeated for emphasis squeezed ("ciaooo")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _REPEATS.sub(r"\1", plain)
    return _NON_WORD.sub(" ", plain).replace("_", " ").strip()


def words(text: str) -> list[str]:
    """The folded words of `text`, abbreviations written out ("x" -> "per", "nn" -> "non")."""
    result = []
    for word in fold(text).split():
        result.extend(ABBREVIATIONS.get(word, word).split())
    return result


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "it") -> str:
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    if word.isdigit():
        return word
    return _stemmers.get(lang, _stemmers["it"]).stemWord(word)


def stems(text: str, lang: str = "it", keep_stopwords: bool = False) -> list[str]:
    return [stem(word, lang) for word in words(text) if keep_stopwords or word not in STOPWORDS]
