"""The real glossary in content/: validates cleanly and keeps the minimums it promises, so they cannot regress."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import ROOT

from termgraph import check
from termgraph.cli import main
from termgraph.content.stats import compute_stats

MIN_TERMS, MIN_CATEGORIES, MIN_PER_CATEGORY, MIN_COMPARISONS = 300, 10, 20, 70
LANGUAGES = ("en", "fr", "de", "es")


@pytest.fixture(scope="module")
def glossary():
    return check(ROOT / "content")


@pytest.fixture(scope="module")
def terms(glossary):
    return glossary.content.terms


def words(text: str) -> int:
    return len(text.split())


def test_validates_without_violations_or_warnings(glossary):
    assert [str(f) for f in glossary.report.findings] == []


def test_size_and_spread(glossary):
    stats = compute_stats(glossary.content)
    assert stats.terms >= MIN_TERMS
    populated = {c: n for c, n in stats.by_category.items() if n}
    assert len(populated) >= MIN_CATEGORIES
    assert min(populated.values()) >= MIN_PER_CATEGORY, populated
    assert set(stats.by_level) == {"beginner", "intermediate", "advanced"}
    assert min(stats.by_level.values()) >= 40, stats.by_level
    assert stats.comparisons >= MIN_COMPARISONS


def test_connected_with_no_orphans(glossary):
    stats = compute_stats(glossary.content)
    assert stats.orphans == ()
    assert stats.related_clusters == 1


def test_every_term_is_fully_described(terms):
    incoming = Counter(other for t in terms for other in t.related)
    problems = []
    for t in terms:
        label, definition, explanation = t.labels.get("en", ""), t.definitions.get("en", ""), t.explanations.get("en", "")
        names = [label, *t.aliases.get("en", ())]
        checks = {
            "definition over 45 words": words(definition) > 45,
            "definition uses the term itself": any(
                re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", definition.lower()) for n in names),
            "explanation not 120-400 words": not 120 <= words(explanation) <= 400,
            "fewer than 2 examples": len(t.examples) < 2,
            "fewer than 2 FAQ entries": len(t.faq) < 2,
            "fewer than 3 related terms": len(set(t.related)) + incoming[t.slug] < 3,
            "no source": not t.sources,
            "no category or level": not (t.category and t.level),
        }
        problems += [f"{t.slug}: {what}" for what, failed in checks.items() if failed]
    assert problems == []


@pytest.mark.parametrize("acronym, slug", [
    ("LLM", "large-language-model"), ("RAG", "retrieval-augmented-generation"),
    ("RLHF", "reinforcement-learning-from-human-feedback"), ("MoE", "mixture-of-experts"),
    ("LoRA", "low-rank-adaptation"), ("DPO", "direct-preference-optimization"),
    ("CNN", "convolutional-neural-network"), ("ViT", "vision-transformer"), ("GPU", "gpu"),
])
def test_acronyms_are_findable_as_aliases(terms, acronym, slug):
    term = next(t for t in terms if t.slug == slug)
    assert acronym in term.aliases.get("en", ()) or term.labels["en"] == acronym


def test_comparisons_have_enough_aspects(glossary):
    thin = [c.slug for c in glossary.content.comparisons if len(c.aspects) < 4]
    assert thin == []


def test_sources_are_well_formed(terms):
    """arXiv ids look like arXiv ids and match their URL; years are plausible."""
    for t in terms:
        for s in t.sources:
            if s.arxiv:
                assert re.fullmatch(r"\d{4}\.\d{4,5}", s.arxiv), (t.slug, s.arxiv)
                assert s.url and s.arxiv in s.url, (t.slug, s.url)
            if s.year is not None:
                assert 1900 <= s.year <= 2026, (t.slug, s.year)


def test_every_term_category_and_level_is_in_four_languages(glossary):
    g = glossary.content.glossary
    missing = [f"glossary {what}: {lang}" for what, texts in (("title", g.title), ("description", g.description))
               for lang in LANGUAGES if not texts.get(lang)]
    for kind, concepts in (("category", g.categories), ("level", g.levels)):
        missing += [f"{kind} {c.slug}: {lang}" for c in concepts for lang in LANGUAGES
                    if not (c.labels.get(lang) and c.definitions.get(lang))]
    missing += [f"{t.slug}: {lang}" for t in glossary.content.terms for lang in LANGUAGES
                if not (t.labels.get(lang) and t.definitions.get(lang))]
    assert missing == []


def test_translated_definitions_are_short(terms):
    long = [f"{t.slug} ({lang})" for t in terms for lang, text in t.definitions.items() if words(text) > 45]
    assert long == []


def test_labels_are_unique_in_every_language(glossary):
    g = glossary.content.glossary
    seen: dict[tuple[str, str], list[str]] = {}
    for kind, items in (("category", g.categories), ("level", g.levels), ("term", glossary.content.terms)):
        for item in items:
            for lang, label in item.labels.items():
                seen.setdefault((lang, label.casefold()), []).append(f"{kind} {item.slug}")
    assert {key: owners for key, owners in seen.items() if len(owners) > 1} == {}


def test_quality_checks_pass_at_warning_level():
    """No orphan, overlapping label or other warning, and no related link between siblings (qSKOS's valueless
    associative relations, an info): a pair of siblings readers confuse gets a comparison instead."""
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--content", str(ROOT / "content"), "--fail-at", "warning"])
    assert result.exit_code == 0, result.output
    siblings = runner.invoke(main, ["check", "--content", str(ROOT / "content"), "--fail-at", "info",
                                    "--select", "valueless-associative-relation"])
    assert siblings.exit_code == 0, siblings.output
