"""Model-free key-fact selection: which sentences of an article become bullets.

News puts the key facts first, so position is the strongest prior; the other signals decide
which early sentences to keep and which later ones earn a place: overlap with the headline,
agreement with the lede and the rest of the article (centrality), figure density. Direct
quotes, questions and short fragments (captions, "Baca juga" leftovers) are penalised, and a
sentence that repeats the headline or an already chosen sentence is dropped. The weights are
few, named and tuned on IndoSum (see bench/selection_eval.py); there is no learned model.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from summarise.values import Sentence

STOPWORDS: dict[str, str] = {
    "id": """
        ada adalah agar akan aku anda antara apa apabila atas atau bagi bahkan bahwa baik
        banyak baru beberapa begitu belum benar berbagai bersama besar bisa boleh bukan cukup
        dalam dan dapat dari demikian dengan di dia diri dua harus hal hanya hingga ia ialah
        ini itu jadi jika juga kali kalau kami kamu karena ke kata katanya kemudian kepada
        ketika kini kita lagi lain lalu lebih maka masih masing mau melalui memang mengatakan
        menjadi menurut mereka misalnya mulai namun nya oleh pada para pernah pula pun saat
        saja salah sama sampai sangat satu saya se sebagai sebelum sebuah secara sedang
        sehingga sejak sekitar selain selama seluruh semua sementara seorang seperti serta
        sesuai setelah sudah tak tapi telah tentang terhadap termasuk tersebut tetapi tidak
        tiga untuk yaitu yakni yang ujar ujarnya ucapnya tuturnya jelasnya menjelaskan
        menambahkan
    """,
    "ms": """
        ada adalah akan atau bagi bahawa banyak beliau boleh dalam dan dari daripada dengan di
        dia ialah ini itu juga kata ke kepada kerana lagi lebih mereka oleh pada sahaja sebagai
        selepas semua serta sudah tetapi tidak untuk yang telah masih hanya manakala katanya
        berkata
    """,
    "en": """
        a about after all also an and any are as at be been before but by can could did do does
        for from had has have he her his how i if in into is it its more most new not of on one
        or other our out over said says she so some than that the their them then there these
        they this to up was we were what when which who will with would you
    """,
}

_WORD = re.compile(r"[^\W_]+")
_QUOTE_START = re.compile(r"^[\"“'‘«]")
_QUESTION_END = re.compile(r"\?[\"'”’»)\]\s]*$")
_FEATURES = ("title", "title_phrase", "figures", "centrality", "quote", "question")


@dataclass(frozen=True, slots=True)
class SelectionWeights:
    """How much each signal counts. Features are scaled to 0..1; see bench/selection_eval.py.

    Tuned on the even-indexed half of the IndoSum eval set (n=3, ROUGE-2); the odd half is
    held out. Signals that did not help there (lede similarity, paragraph rank, length,
    pronoun openers) were left out rather than kept at weight zero.
    """

    # exp(-distance from the anchor / position_decay): news puts the key facts first.
    position: float = 3.0
    position_decay: float = 10.0
    # The anchor is the first of the first `anchor_window` sentences whose headline match is
    # at least `anchor_share` of the best one there. Feature-style ledes ("Selalu ada yang
    # baru.") come before it; in hard news it is the first sentence. Sentences before the
    # anchor also pay `pre_anchor`. anchor_share > 1 turns the anchor off.
    anchor_share: float = 0.4
    anchor_window: int = 8
    pre_anchor: float = -0.3
    title: float = 0.3  # share of headline content words in the sentence
    title_phrase: float = 0.3  # share of headline word pairs (stopwords kept) in the sentence
    figures: float = 0.3  # figures in the sentence, capped at 4
    centrality: float = 0.3  # TF-IDF cosine with the whole article
    quote: float = -1.0  # direct speech: starts with a quote mark or inside an open one
    question: float = -1.0  # ends with a question mark: a hook, not a fact
    short: float = -3.0  # fewer than `min_words` words: captions, "Baca juga" leftovers
    min_words: int = 8
    redundancy: float = 0.5  # Jaccard over content words above which a sentence is a repeat


DEFAULT_WEIGHTS = SelectionWeights()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(w for words in STOPWORDS.values() for w in words.split())


def content_words(text: str) -> list[str]:
    """Lowercased words minus stopwords: what redundancy and overlap are measured on."""
    stop = _stopwords()
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in stop]


def sentence_features(
    sentences: Sequence[Sentence], *, title: str | None, figure_counts: Sequence[int]
) -> list[dict[str, float]]:
    """One dict per sentence: the weighted features plus `words` (the length in words).

    Split from scoring so the weights can be tuned without recomputing features.
    """
    bags = [Counter(content_words(s.text)) for s in sentences]
    n = len(sentences)
    df: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
        total.update(bag)
    centroid = _tfidf(total, df, n)
    title_words = set(content_words(title or ""))
    title_pairs = _pairs(title or "")
    open_quote = _open_quotes(sentences)
    feats = []
    for i, s in enumerate(sentences):
        figs = figure_counts[i] if i < len(figure_counts) else 0
        title_share = len(title_words & bags[i].keys()) / len(title_words) if title_words else 0.0
        phrase_share = len(title_pairs & _pairs(s.text)) / len(title_pairs) if title_pairs else 0.0
        feats.append(
            {
                "title": title_share,
                "title_phrase": phrase_share,
                "figures": min(max(figs, 0), 4) / 4,
                "centrality": _cosine(_tfidf(bags[i], df, n), centroid),
                "quote": 1.0 if open_quote[i] or _QUOTE_START.match(s.text) else 0.0,
                "question": 1.0 if _QUESTION_END.search(s.text) else 0.0,
                "words": float(len(_WORD.findall(s.text))),
            }
        )
    return feats


def score_sentences(
    feats: Sequence[dict[str, float]], weights: SelectionWeights = DEFAULT_WEIGHTS
) -> list[float]:
    """Weighted sum of features plus the anchored position prior, per sentence."""
    anchor = _anchor(feats, weights)
    decay = max(weights.position_decay, 1e-6)
    scores = []
    for i, f in enumerate(feats):
        score = sum(getattr(weights, k) * f[k] for k in _FEATURES)
        score += weights.position * math.exp(-abs(i - anchor) / decay)
        if i < anchor:
            score += weights.pre_anchor
        if f["words"] < weights.min_words:
            score += weights.short
        scores.append(score)
    return scores


def _anchor(feats: Sequence[dict[str, float]], weights: SelectionWeights) -> int:
    window = [f["title"] + f["title_phrase"] for f in feats[: max(weights.anchor_window, 1)]]
    best = max(window, default=0.0)
    if best <= 0 or weights.anchor_share > 1:
        return 0
    return next(i for i, v in enumerate(window) if v >= weights.anchor_share * best)


def select_key_sentences(
    sentences: Sequence[Sentence],
    *,
    title: str | None,
    figure_counts: Sequence[int],
    n: int = 5,
    weights: SelectionWeights = DEFAULT_WEIGHTS,
) -> tuple[int, ...]:
    """Positions (into `sentences`) of the `n` key sentences, in document order.

    `figure_counts[i]` is the number of figures in sentence i (missing entries count 0).
    Deterministic: ties go to the earlier sentence. A sentence that repeats the headline or
    one already chosen (Jaccard over content words above `weights.redundancy`) is skipped,
    so fewer than `n` may come back.
    """
    if n <= 0 or not sentences:
        return ()
    feats = sentence_features(sentences, title=title, figure_counts=figure_counts)
    return pick(sentences, score_sentences(feats, weights), title=title, n=n, weights=weights)


def pick(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    *,
    title: str | None,
    n: int,
    weights: SelectionWeights = DEFAULT_WEIGHTS,
) -> tuple[int, ...]:
    """Best-scoring sentences first, skipping repeats; returned in document order."""
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    title_set = set(content_words(title or ""))
    chosen: list[int] = []
    chosen_sets: list[set[str]] = []
    for i in order:
        if len(chosen) >= n:
            break
        words = set(content_words(sentences[i].text))
        if not words:
            continue
        if title_set and _jaccard(words, title_set) > max(weights.redundancy, 0.8):
            continue  # the headline repeated in the body
        if any(_jaccard(words, c) > weights.redundancy for c in chosen_sets):
            continue
        chosen.append(i)
        chosen_sets.append(words)
    return tuple(sorted(chosen))


def _pairs(text: str) -> set[tuple[str, str]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return set(itertools.pairwise(words))


def _open_quotes(sentences: Sequence[Sentence]) -> list[bool]:
    """Whether each sentence starts inside a quotation opened earlier in its paragraph."""
    out: list[bool] = []
    straight = curly = 0
    para = None
    for s in sentences:
        if s.paragraph != para:
            para, straight, curly = s.paragraph, 0, 0
        out.append(straight % 2 == 1 or curly > 0)
        straight += s.text.count('"')
        curly = max(0, curly + s.text.count("“") - s.text.count("”"))
    return out


def _tfidf(bag: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    return {w: c * math.log((1 + n) / (1 + df[w])) + c * 1e-3 for w, c in bag.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
