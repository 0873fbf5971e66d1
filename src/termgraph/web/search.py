"""Search over labels, aliases and definitions: prefix and full-text, ranked, tolerant of small typos.

Two indexes with one interface were measured (benchmarks/bench_web.py, figures in benchmarks/README.md):
`PythonIndex`, our own (sorted names for prefixes, inverted word lists, Python sets), and `SearchIndex`, SQLite
FTS5 from the standard library with our typo layer on top. At 100,000 terms FTS5 builds several times faster, in
a fraction of the memory, and answers faster, so the server uses `SearchIndex`; the static site searches in
the browser over its own small index (static/search.js), the same rules.

Typo tolerance (FTS5 has none): the distinct words of the index (fts5vocab) get a deletion index; a query word
found nowhere is replaced by the known words one edit away (deletion, insertion, substitution, transposition),
so "transfomer" finds "transformer" without scanning the vocabulary.

Ranking, highest first: a name equal to the query; a name starting with it; every query word in a name; every
query word anywhere (names or definition, by FTS5's bm25 with names weighted 10 to 1); then by label.
Deprecated terms are found (old links lead to them) and ranked below live ones of the same score.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
STOP = frozenset(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "with"])


def fold(text: str) -> str:
    """Lower case without accents: what both the index and the queries are compared in."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOP]


@dataclass(frozen=True)
class Entry:
    slug: str
    label: str
    names: tuple[str, ...]  # label and aliases, every language
    definition: str
    deprecated: bool = False


@dataclass(frozen=True)
class Hit:
    slug: str
    label: str
    definition: str
    matched: str  # the name that matched, or "" for a definition match
    score: int
    deprecated: bool


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class PythonIndex:
    """Our own index, pure Python (measured against FTS5; not used by the server)."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self.names: list[tuple[str, int, str]] = []  # (folded name, entry index, name)
        self.name_words: dict[str, set[int]] = defaultdict(set)
        self.def_words: dict[str, set[int]] = defaultdict(set)
        for i, e in enumerate(self.entries):
            for name in e.names:
                self.names.append((fold(name), i, name))
                for w in words(name):
                    self.name_words[w].add(i)
            for w in words(e.definition):
                self.def_words[w].add(i)
        self.names.sort()
        self.vocabulary = sorted(set(self.name_words) | set(self.def_words))
        self._deleted: dict[str, list[str]] = defaultdict(list)
        for w in self.vocabulary:
            if len(w) >= 4:
                for d in _deletions(w):
                    self._deleted[d].append(w)

    def __len__(self) -> int:
        return len(self.entries)

    def _near(self, word: str) -> list[str]:
        """Known words one edit away from `word` (only for words of 4+ letters: shorter ones match too much)."""
        if len(word) < 4:
            return []
        found = set(self._deleted.get(word, ()))  # a letter too few in the query
        for d in _deletions(word):
            if d in self.name_words or d in self.def_words:  # a letter too many
                found.add(d)
            found.update(self._deleted.get(d, ()))  # substitution or transposition
        found.discard(word)
        return sorted(found)

    def _with_prefix(self, prefix: str, limit: int = 200) -> list[str]:
        start = bisect_left(self.vocabulary, prefix)
        out = []
        for w in self.vocabulary[start:start + limit]:
            if not w.startswith(prefix):
                break
            out.append(w)
        return out

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        q = fold(query).strip()
        if not q:
            return []
        scores: dict[int, int] = {}
        matched: dict[int, str] = {}

        def score(i: int, points: int, name: str = "") -> None:
            if points > scores.get(i, 0):
                scores[i] = points
                matched[i] = name

        start = bisect_left(self.names, (q,))
        for folded, i, name in self.names[start:]:
            if not folded.startswith(q):
                break
            score(i, 1000 if folded == q else 800 - min(len(folded) - len(q), 99), name)
        qwords = words(q) or _WORD.findall(q)
        if qwords:
            in_names = self._all_words(qwords, self.name_words)
            for i, exact in in_names.items():
                score(i, 600 if exact else 400)
            in_all = self._all_words(qwords, self.name_words, self.def_words)
            for i, exact in in_all.items():
                score(i, 300 if exact else 150)
        ranked = sorted(scores, key=lambda i: (-scores[i], self.entries[i].deprecated,
                                               fold(self.entries[i].label), self.entries[i].slug))
        if limit is not None:
            ranked = ranked[:limit]
        return [Hit(self.entries[i].slug, self.entries[i].label, self.entries[i].definition, matched.get(i, ""),
                    scores[i], self.entries[i].deprecated) for i in ranked]

    def _all_words(self, qwords: list[str], *tables: dict[str, set[int]]) -> dict[int, bool]:
        """Entries holding every query word (the last may be a prefix; any may be one typo off) -> all exact?"""
        result: dict[int, bool] | None = None
        for n, w in enumerate(qwords):
            exact: set[int] = set()
            for table in tables:
                exact |= table.get(w, set())
            loose: set[int] = set()
            candidates = self._with_prefix(w) if n == len(qwords) - 1 else []
            if not exact and not candidates:
                candidates = self._near(w)
            for c in candidates:
                for table in tables:
                    loose |= table.get(c, set())
            here = {i: True for i in exact}
            for i in loose:
                here.setdefault(i, False)
            if result is None:
                result = here
            else:
                result = {i: result[i] and here[i] for i in result if i in here}
            if not result:
                return {}
        return result or {}


MAX_HITS = 1000  # a search shows at most this many results (pages of 50)


class SearchIndex:
    """SQLite FTS5 in memory, plus our typo layer and ranking (see the module's notes)."""

    def __init__(self, entries: Iterable[Entry]):
        import sqlite3
        import threading

        self.entries = list(entries)
        self.lock = threading.Lock()
        db = self.db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("CREATE VIRTUAL TABLE t USING fts5(names, definition, "
                   "tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
        db.executemany("INSERT INTO t(rowid, names, definition) VALUES (?, ?, ?)",
                       ((i, " \u2016 ".join(e.names), e.definition) for i, e in enumerate(self.entries)))
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        self.vocabulary = {row[0] for row in db.execute("SELECT term FROM v")}
        self.folded_names = [[fold(n) for n in e.names] for e in self.entries]
        self._deleted: dict[str, list[str]] = defaultdict(list)
        for w in self.vocabulary:
            if len(w) >= 4 and w.isalpha():  # words, not numbers or codes: those are not misspelt
                for d in _deletions(w):
                    self._deleted[d].append(w)

    def __len__(self) -> int:
        return len(self.entries)

    def _near(self, word: str) -> list[str]:
        if len(word) < 4 or not word.isalpha():
            return []
        found = set(self._deleted.get(word, ()))
        for d in _deletions(word):
            if d in self.vocabulary:
                found.add(d)
            found.update(self._deleted.get(d, ()))
        found.discard(word)
        return sorted(found)[:20]

    def _expression(self, qwords: list[str]) -> str | None:
        parts = []
        for n, w in enumerate(qwords):
            options = [f'"{w}"*' if n == len(qwords) - 1 else f'"{w}"']
            if w not in self.vocabulary:
                options += [f'"{c}"' for c in self._near(w)]
            parts.append("(" + " OR ".join(options) + ")")
        return " AND ".join(parts) if parts else None

    def _rows(self, match: str) -> list[int]:
        with self.lock:
            return [r[0] for r in self.db.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 10.0, 1.0) LIMIT ?", (match, MAX_HITS))]

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        q = " ".join(fold(query).split())
        qwords = _WORD.findall(q)
        expression = self._expression(qwords)
        if not q or expression is None:
            return []
        scores: dict[int, int] = {}
        order: dict[int, int] = {}
        matched: dict[int, str] = {}
        for rank, i in enumerate(self._rows("names : " + expression)):
            order.setdefault(i, rank)
            best, name = 400, ""
            for folded, original in zip(self.folded_names[i], self.entries[i].names):
                if folded == q:
                    best, name = 1000, original
                    break
                if folded.startswith(q) and 800 - min(len(folded) - len(q), 99) > best:
                    best, name = 800 - min(len(folded) - len(q), 99), original
            scores[i], matched[i] = best, name
        for rank, i in enumerate(self._rows(expression)):
            order.setdefault(i, MAX_HITS + rank)
            scores.setdefault(i, 150)
        ranked = sorted(scores, key=lambda i: (-scores[i], self.entries[i].deprecated, order[i], self.entries[i].slug))
        if limit is not None:
            ranked = ranked[:limit]
        return [Hit(self.entries[i].slug, self.entries[i].label, self.entries[i].definition, matched.get(i, ""),
                    scores[i], self.entries[i].deprecated) for i in ranked]
