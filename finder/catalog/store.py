"""The catalogue compiled into a read-only SQLite database with full-text search (sqlite-utils, FTS5)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz, process

from .catalog import Catalog
from .model import Service
from .text import fold, stems, words

FTS_COLUMNS = ("name", "keywords", "summary", "body")
WORD_LANGUAGES = ("it", "en")
FTS_WEIGHTS = (10.0, 6.0, 3.0, 1.0)  # bm25 weights, in FTS_COLUMNS order
TYPO_CUTOFF = 80  # rapidfuzz ratio a misspelt word needs to be read as a catalogue word
MIN_TYPO_LENGTH = 4
PHRASE_BONUS = 50.0  # the exact words in a name, keyword or summary beat the same words scattered


def _stemmed(texts) -> str:
    return " ".join(stem for text in texts for stem in stems(text))


def _service_row(catalog: Catalog, service: Service) -> dict:
    names = [text for _, text in service.name.values]
    keywords = service.keywords.all()
    summary = [text for _, text in service.summary.values]
    body = [str(catalog.audiences[a].name) for a in service.audiences if a in catalog.audiences]
    body += [str(catalog.categories[c].name) for c in service.categories if c in catalog.categories]
    for text in (service.description, service.eligibility, service.how_to_apply):
        if text is not None:  # the long texts in the languages the word reader reads; names and summaries in all
            body += [value for lang, value in text.values if lang in WORD_LANGUAGES]
    return {"id": service.id, "district": service.district, "status": service.status,
            "title": str(service.name), "name": _stemmed(names), "keywords": _stemmed(keywords),
            "summary": _stemmed(summary), "body": _stemmed(body),
            "plain": fold(" ".join(names + keywords + summary))}


def compile_catalog(catalog: Catalog, path: Path) -> Path:
    """Write the catalogue's search database to `path` (replacing it atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.name}.{os.getpid()}.building")  # replicas sharing the folder build apart
    building.unlink(missing_ok=True)
    database = sqlite_utils.Database(building)
    database.execute("pragma journal_mode = off")  # a throwaway build: speed over durability
    database.execute("pragma synchronous = off")
    rows = [_service_row(catalog, service) for service in catalog.services.values()]
    database["services"].insert_all(rows, pk="id")
    database["services"].enable_fts(list(FTS_COLUMNS), tokenize="unicode61 remove_diacritics 2",
                                     create_triggers=False)
    vocabulary = sorted({word for row in rows for word in row["plain"].split() if len(word) >= MIN_TYPO_LENGTH})
    database["vocabulary"].insert_all(({"word": word} for word in vocabulary), pk="word")
    database.conn.commit()
    database.close()
    building.replace(path)
    return path


class SearchIndex:
    """Read-only searches over a compiled catalogue."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._opened_by, self._database = None, None
        self.vocabulary = [row["word"] for row in self.database["vocabulary"].rows]
        self._known = set(self.vocabulary)
        # each title once, with the services holding it (catalogue order): a country's districts name many
        # services alike ("Assistenza domiciliare"), and a search compares every title
        by_title = {}
        for position, (service_id, title) in enumerate(self.database.execute("select id, title from services")):
            by_title.setdefault(fold(title), []).append((position, service_id))
        self.titles, self.title_holders = list(by_title), [tuple(holders) for holders in by_title.values()]

    @property
    def database(self) -> sqlite_utils.Database:
        """The connection of this process: a worker forked from a master that loaded the catalogue (gunicorn's
        preload) opens its own, as SQLite wants (a connection must not cross a fork)."""
        if self._opened_by != os.getpid():
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._database, self._opened_by = sqlite_utils.Database(connection), os.getpid()
        return self._database

    def close(self) -> None:
        if self._database is not None and self._opened_by == os.getpid():
            self._database.conn.close()

    def corrected_words(self, query: str) -> list[str]:
        """The query's words, each misspelt one replaced by the closest word of the catalogue."""
        corrected = []
        for word in words(query):
            if len(word) >= MIN_TYPO_LENGTH and word not in self._known and not word.isdigit():
                match = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
                if match:
                    word = match[0]
            corrected.append(word)
        return corrected

    def rank(self, query: str, limit: int = 50) -> list[tuple[str, float]]:
        """Service ids best first, with a score (higher is better): full text, then typo tolerance."""
        query_stems = stems(" ".join(self.corrected_words(query)))
        if not query_stems:
            return []
        scores: dict[str, float] = {}
        for operator in (" AND ", " OR "):
            fts_query = operator.join(f'"{stem}"*' for stem in dict.fromkeys(query_stems))
            for service_id, score in self._fts(fts_query, limit):
                scores.setdefault(service_id, score + (100.0 if operator == " AND " else 0.0))
            if len(scores) >= limit:
                break
        for score, _, service_id in self._title_matches(query):
            scores[service_id] = max(scores.get(service_id, 0.0), score / 10)
        phrase = f" {' '.join(words(query))} "
        if phrase.count(" ") > 2:  # several words written together, as a name or keyword has them
            for service_id, plain in self._plain_texts(list(scores)):
                if phrase in f" {plain} ":
                    scores[service_id] += PHRASE_BONUS
        return sorted(scores.items(), key=lambda item: -item[1])[:limit]

    def _title_matches(self, query: str, limit: int = 10) -> list[tuple[float, int, str]]:
        """(score, position, service id) of the services whose title holds the query, allowing for typos:
        best first, then in catalogue order."""
        found = []
        for _, score, index in process.extract(fold(query), self.titles, scorer=fuzz.partial_ratio,
                                               score_cutoff=85, limit=None):
            found += [(score, position, service_id) for position, service_id in self.title_holders[index]]
        return sorted(found, key=lambda match: (-match[0], match[1]))[:limit]

    def _plain_texts(self, service_ids: list[str]) -> list[tuple[str, str]]:
        """(id, folded names, keywords and summary) of a few services, read from the database when a
        phrase needs them (tens of megabytes at national scale, kept out of every worker's memory)."""
        marks = ", ".join("?" * len(service_ids))
        return self.database.execute(f"select id, plain from services where id in ({marks})", service_ids).fetchall()

    def _fts(self, fts_query: str, limit: int):
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        # the best rows first, then their ids: joining before the limit reads every match's row
        sql = (f"select services.id, best.score from (select rowid, -bm25(services_fts, {weights}) as score "
               "from services_fts where services_fts match ? order by score desc, rowid limit ?) as best "
               "join services on services.rowid = best.rowid order by best.score desc, best.rowid")
        try:
            return [(row[0], row[1]) for row in self.database.execute(sql, [fts_query, limit]).fetchall()]
        except sqlite3.OperationalError:
            return []
