"""Training the needs model from the corpus (`make model`): deterministic, a couple of minutes at most on
two cores. The corpus is data in the repository (corpus/*.jsonl, provenance in corpus/README.md); the
artefact is built by the set-up and never edited by hand."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .lexicon import settings
from .needs import NO_DANGER, danger_score, embed, normalised, with_meaning
from ..catalog.taxonomy import LANGUAGES, NEEDS_FILE, NeedsDataError, needs_taxonomy

SEED = 20261204
HELD_OUT_SHARE = 0.2
DANGER_RECALL = 0.97  # the recall the threshold would need (reported, not imposed)
FALSE_ALARMS = 0.02  # the share of held-out non-dangers the threshold may raise
FALSE_ALARMS_ON_WORRIES = 0.02  # where the lexicon's rules read the language, the share of held-out worries
TEMPERATURES = (0.2, 0.3, 0.4, 0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0)


@dataclass(frozen=True)
class Example:
    text: str
    need: str
    lang: str
    source: str  # file name: the writer
    also: tuple = ()
    danger: bool = False
    worry: bool = False


def read_corpus(folder: Path) -> list[Example]:
    """Every example of every corpus file; a wrong line stops with `file:line: field: what is wrong`."""
    needs = needs_taxonomy()
    examples = []
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise NeedsDataError(f"{folder}: no corpus files (*.jsonl)")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                examples.append(_example(path, number, line, needs))
    return examples


def _example(path: Path, number: int, line: str, needs: dict) -> Example:
    where = f"{path}:{number}"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise NeedsDataError(f"{where}: not a JSON object: {error.msg}") from None
    if not isinstance(item, dict):
        raise NeedsDataError(f"{where}: not a JSON object")
    text, need, lang = item.get("text"), item.get("need"), item.get("lang")
    if not isinstance(text, str) or not text.strip():
        raise NeedsDataError(f"{where}: text: the message is missing")
    if need not in needs:
        raise NeedsDataError(f"{where}: need: '{need}' is not a need of needs.yaml")
    if lang not in LANGUAGES:
        raise NeedsDataError(f"{where}: lang: '{lang}' is not one of {', '.join(LANGUAGES)}")
    also = item.get("also") or []
    if not isinstance(also, list) or any(other not in needs for other in also):
        raise NeedsDataError(f"{where}: also: a list of need ids of needs.yaml")
    return Example(text.strip(), need, lang, path.name, tuple(also), bool(item.get("danger")), bool(item.get("worry")))


def taxonomy_examples() -> list[Example]:
    """The taxonomy's own words, so that the model also reads the way catalogues name services."""
    examples = []
    for need in needs_taxonomy().values():
        examples.append(Example(need.situation, need.id, "it", "needs.yaml"))
        examples.extend(Example(name, need.id, lang, "needs.yaml") for lang, name in need.name.items())
        examples.extend(Example(words, need.id, "it", "needs.yaml") for words in need.answered_by)
    return examples


def danger_label(example: Example) -> str:
    """The kind of emergency the example tells of: its need's, unless a writer marked it a worry (violence
    long over, control without threat: the need is the same, the numbers are not called for)."""
    return NO_DANGER if example.worry else needs_taxonomy()[example.need].danger or NO_DANGER


def _vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                            max_features=120_000, dtype=np.float32)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                            token_pattern=r"(?u)\b\w\w+\b", max_features=40_000, dtype=np.float32)
    return FeatureUnion([("chars", chars), ("words", words)])


def _classifier(strength: float):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=strength, max_iter=3000, class_weight="balanced", random_state=SEED)


class Features:
    """The model's features of the training texts: n-grams fitted here, sentence embeddings cached in
    a file beside the corpus (computing them is most of the training's time; the cache is data)."""

    def __init__(self, cache: "EmbeddingCache"):
        self.cache = cache
        self.vectoriser = None

    def fit(self, texts: list[str]):
        self.vectoriser = _vectoriser()
        return with_meaning(self.vectoriser.fit_transform([normalised(t) for t in texts]), self.cache.vectors(texts))

    def of(self, texts: list[str]):
        return with_meaning(self.vectoriser.transform([normalised(t) for t in texts]), self.cache.vectors(texts))


class EmbeddingCache:
    """text -> embedding, kept in an .npz file (float16) and extended with the texts it lacks."""

    def __init__(self, path: Path | None):
        self.path = path
        self.found = {}
        if path and path.exists():
            stored = np.load(path)
            self.found = dict(zip(stored["keys"].tolist(), stored["vectors"]))
        self.changed = False

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.found))
        for start in range(0, len(missing), 64):
            batch = missing[start:start + 64]
            for text, vector in zip(batch, embed(batch)):
                self.found[self.key(text)] = vector.astype(np.float16)
            self.changed = True
        return np.array([self.found[self.key(t)] for t in texts], dtype=np.float32)

    def save(self, used: list[str]) -> None:
        """Keep only the texts still in the corpus."""
        keys = sorted({self.key(t) for t in used})
        if self.path and (self.changed or len(keys) != len(self.found)):
            np.savez_compressed(self.path, keys=np.array(keys), vectors=np.array([self.found[k] for k in keys]))


def _rows(examples: list[Example]):
    """Texts, need labels and weights: a second need ('also') counts as a lighter second example."""
    texts, labels, weights = [], [], []
    for example in examples:
        texts.append(example.text), labels.append(example.need), weights.append(1.0)
        for other in example.also:
            texts.append(example.text), labels.append(other), weights.append(0.4)
    return texts, labels, weights


def _split(examples: list[Example]) -> tuple[list, list]:
    """A deterministic held-out share, stratified by need and language."""
    rng = np.random.default_rng(SEED)
    groups = {}
    for index, example in enumerate(examples):
        groups.setdefault((example.need, example.lang), []).append(index)
    held = set()
    for key in sorted(groups):
        members = groups[key]
        count = int(round(len(members) * HELD_OUT_SHARE))
        held.update(rng.permutation(members)[:count].tolist())
    return ([e for i, e in enumerate(examples) if i not in held], [e for i, e in enumerate(examples) if i in held])


NEEDS_STRENGTH = 20.0
DANGER_STRENGTH = 10.0
LANGUAGE_STRENGTH = 5.0


EMBEDDINGS = "embeddings.npz"


def train(corpus_folder: Path, log=print) -> dict:
    corpus = read_corpus(corpus_folder)
    examples = corpus + taxonomy_examples()
    log(f"corpus: {len(corpus)} messages from {len({e.source for e in corpus})} files, "
        f"{dict(sorted(Counter(e.lang for e in corpus).items()))}")
    cache = EmbeddingCache(Path(corpus_folder) / EMBEDDINGS)
    training, held_out = _split(corpus)
    calibration = _calibrate(Features(cache), training + taxonomy_examples(), held_out, log)
    texts, labels, weights = _rows(examples)
    features = Features(cache)
    needs = _classifier(NEEDS_STRENGTH).fit(features.fit(texts), labels, sample_weight=weights)
    example_features = features.of([e.text for e in examples])
    danger = _classifier(DANGER_STRENGTH).fit(example_features, [danger_label(e) for e in examples])
    language = _classifier(LANGUAGE_STRENGTH).fit(example_features, [e.lang for e in examples])
    cache.save([e.text for e in examples])
    vectoriser = features.vectoriser
    for part in vectoriser.transformer_list:
        part[1].stop_words_ = None  # the pruned n-grams: large, and never needed to read a message
    return {
        "vectoriser": vectoriser,
        "need_ids": list(needs.classes_),
        "needs": _packed(needs),
        "temperature": calibration["temperature"],
        "danger_kinds": list(danger.classes_),
        "danger": _packed(danger),
        "danger_threshold": calibration["danger_threshold"],
        "danger_threshold_with_rules": calibration["danger_threshold_with_rules"],
        "languages": list(language.classes_),
        "language": _packed(language),
        "info": {"corpus_sha256": corpus_digest(corpus_folder), "messages": len(corpus),
                 "by_language": dict(Counter(e.lang for e in corpus)), **calibration},
    }


def _packed(classifier) -> tuple:
    return classifier.coef_.astype(np.float32), classifier.intercept_.astype(np.float64)


def _calibrate(features: Features, training: list[Example], held_out: list[Example], log) -> dict:
    """Fit on the training share, then choose on the held-out share the temperature of the needs'
    probabilities (least log-loss) and the danger threshold; report what was measured."""
    texts, labels, weights = _rows(training)
    needs = _classifier(NEEDS_STRENGTH).fit(features.fit(texts), labels, sample_weight=weights)
    danger = _classifier(DANGER_STRENGTH).fit(features.of([e.text for e in training]),
                                              [danger_label(e) for e in training])
    features = features.of([e.text for e in held_out])
    scores = needs.decision_function(features)
    truth = np.array([list(needs.classes_).index(e.need) for e in held_out])
    temperature = min(TEMPERATURES, key=lambda t: _log_loss(scores / t, truth))
    probabilities = _softmax(scores / temperature)
    predicted = probabilities.argmax(axis=1)
    top3 = np.argsort(-probabilities, axis=1)[:, :3]
    kinds = danger.predict_proba(features)
    at_risk = np.array([danger_score(dict(zip(danger.classes_, row)), dict(zip(needs.classes_, need_row)))
                        for row, need_row in zip(kinds, probabilities)])
    is_danger = np.array([danger_label(e) != NO_DANGER for e in held_out])
    by_rules = np.array([e.lang in settings()["needs"]["rule_languages"] for e in held_out])
    worries = np.array([e.worry for e in held_out])
    threshold = _threshold(at_risk[is_danger], at_risk[~is_danger], FALSE_ALARMS)
    with_rules = max(threshold, _threshold(at_risk[is_danger & by_rules], at_risk[worries & by_rules],
                                           FALSE_ALARMS_ON_WORRIES))
    found = {
        "temperature": temperature,
        "danger_threshold": threshold,
        "danger_threshold_with_rules": with_rules,
        "held_out_messages": len(held_out),
        "held_out_top1": round(float((predicted == truth).mean()) * 100, 1),
        "held_out_top3": round(float(np.mean([t in row for t, row in zip(truth, top3)])) * 100, 1),
        "held_out_calibration_error": round(_calibration_error(probabilities, truth) * 100, 1),
        "held_out_danger_recall": _share(at_risk[is_danger & ~by_rules] >= threshold),
        "held_out_false_alarms": _share(at_risk[~is_danger & ~by_rules] >= threshold),
        "held_out_danger_recall_with_rules": _share(at_risk[is_danger & by_rules] >= with_rules),
        "held_out_false_alarms_with_rules": _share(at_risk[~is_danger & by_rules] >= with_rules),
        "held_out_false_alarms_on_worries": _share(at_risk[worries] >= np.where(by_rules, with_rules, threshold)[worries])
        if worries.any() else None,
    }
    log("held out: " + ", ".join(f"{key} {value}" for key, value in found.items()))
    return found


def _threshold(dangers: np.ndarray, others: np.ndarray, false_alarms: float) -> float:
    """The lowest threshold that keeps the held-out non-dangers' false alarms within `false_alarms`."""
    if not len(dangers) or not len(others):
        return 0.5
    chosen = np.sort(others)[::-1][int(np.floor(false_alarms * len(others)))] + 1e-6
    return float(min(0.9, max(0.05, chosen)))


def _share(hits: np.ndarray) -> float | None:
    return round(float(hits.mean()) * 100, 1) if len(hits) else None


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _log_loss(scores: np.ndarray, truth: np.ndarray) -> float:
    probabilities = _softmax(scores)
    return float(-np.mean(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12)))


def _calibration_error(probabilities: np.ndarray, truth: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top probability."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    error = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence > low) & (confidence <= low + 1.0 / bins)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def corpus_digest(folder: Path) -> str:
    """What the artefact is built from: the corpus, the taxonomy and the code that reads and trains."""
    digest = hashlib.sha256()
    code = [Path(__file__), Path(__file__).with_name("needs.py")]
    for path in sorted(Path(folder).glob("*.jsonl")) + [NEEDS_FILE] + code:  # the embeddings follow from these
        digest.update(path.name.encode()), digest.update(path.read_bytes())
    return digest.hexdigest()


def up_to_date(corpus_folder: Path, output: Path) -> bool:
    """The artefact (versioned in the repository) was built from exactly this corpus and code."""
    if not output.exists():
        return False
    import joblib
    return joblib.load(output).get("info", {}).get("corpus_sha256") == corpus_digest(corpus_folder)


def build(corpus_folder: Path, output: Path, log=print) -> dict:
    import joblib
    artefact = train(corpus_folder, log)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_suffix(".tmp")
    joblib.dump(artefact, temporary, compress=3)
    temporary.replace(output)
    log(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    return artefact["info"]
