"""Write a synthetic glossary of N terms in the real content format, for benchmarks.

Every term has every field (aliases, examples, FAQ, related links, sources, mappings, dates); about 70% have a
broader term (a forest a few levels deep); related links never cross a term's own broader chain (SKOS S27), so
the result validates. One comparison per 20 terms. The same N and seed give the same files.

    python benchmarks/synthetic.py 10000 /tmp/glossary-10k
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = ["adaptive", "attention", "batch", "causal", "contrastive", "dense", "diffusion", "dropout", "embedding", "encoder", "gradient", "graph", "hidden", "kernel", "latent", "linear", "memory", "mixture", "neural", "optimal", "policy", "prompt", "quantized", "recurrent", "residual", "retrieval", "sparse", "spectral", "stochastic", "token", "transfer", "variational", "vector", "weighted"]
NOUNS = ["model", "network", "layer", "loss", "sampler", "decoder", "estimator", "objective", "schedule", "index", "cache", "tokenizer", "regularizer", "classifier", "transform", "pipeline", "benchmark", "metric", "agent", "protocol"]
CATEGORIES = ("foundations", "architecture", "training", "inference", "agents-and-tools", "evaluation",
              "safety-and-alignment", "data", "multimodal", "infrastructure-and-deployment")
LEVELS = ("beginner", "intermediate", "advanced")
SENTENCE = ("It changes how a system learns from data, and it is usually combined with other methods "
            "described in this glossary. ")


def _label(i: int, rng: random.Random) -> str:
    return f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {rng.choice(NOUNS).title()} {i}"


def _glossary_yaml() -> str:
    lines = ["title: Synthetic Glossary", "description: Generated for benchmarks.",
             "base_iri: https://example.org/synthetic/", "language: en",
             "license: https://creativecommons.org/licenses/by/4.0/", "publisher: termgraph benchmarks",
             "categories:"]
    for c in CATEGORIES:
        lines += [f"  {c}:", f"    label: {c.replace('-', ' ').title()}", f"    definition: Terms about {c}."]
    lines.append("levels:")
    for lv in LEVELS:
        lines += [f"  {lv}:", f"    label: {lv.title()}", f"    definition: Terms for {lv} readers."]
    return "\n".join(lines) + "\n"


def _ancestors(i: int, parent: list[int | None]) -> set[int]:
    seen: set[int] = set()
    p = parent[i]
    while p is not None and p not in seen:
        seen.add(p)
        p = parent[p]
    return seen


def generate(n_terms: int, out_dir: Path | str, seed: int = 0) -> Path:
    """Write `out_dir` (glossary.yaml, terms/, comparisons/), replacing it if it exists; return it."""
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    (out / "terms").mkdir(parents=True)
    (out / "comparisons").mkdir()
    (out / "glossary.yaml").write_text(_glossary_yaml(), encoding="utf-8")
    rng = random.Random(seed)
    slugs = [f"term-{i:06d}" for i in range(n_terms)]
    parent: list[int | None] = [None] * n_terms
    for i in range(1, n_terms):
        if rng.random() < 0.7:
            parent[i] = rng.randrange(max(1, i // 4))  # earlier terms: a forest a few levels deep
    ancestors = [_ancestors(i, parent) for i in range(n_terms)]
    for i, slug in enumerate(slugs):
        related: set[int] = set()
        for _ in range(20):
            if len(related) >= 4 or n_terms < 3:
                break
            j = rng.randrange(n_terms)
            if j != i and j not in ancestors[i] and i not in ancestors[j]:
                related.add(j)
        label = _label(i, rng)
        front = [
            f"label: {label}",
            f"aliases: [ST{i}, {label.split()[0]} {label.split()[-2]} {i}]",
            f"category: {CATEGORIES[i % len(CATEGORIES)]}",
            f"level: {LEVELS[i % len(LEVELS)]}",
            (f"definition: A synthetic concept number {i} that combines {rng.choice(WORDS)} ideas with "
            f"{rng.choice(NOUNS)} design for benchmarking."),
            "examples:",
            f"  - Example one for concept {i}.",
            f"  - Example two for concept {i}.",
            "faq:",
            f"  - question: What is concept {i} for?",
            "    answer: It exists to make the benchmark glossary realistic.",
            f"  - question: When was concept {i} introduced?",
            "    answer: It was generated together with the other synthetic terms.",
            "related: [" + ", ".join(slugs[j] for j in sorted(related)) + "]",
        ]
        if parent[i] is not None:
            front.append(f"broader: [{slugs[parent[i]]}]")
        front += [
            "sources:",
            f"  - title: Synthetic source {i}",
            f"    url: https://example.org/papers/{i}",
            "    authors: [A. Author, B. Author]",
            f"    year: {1990 + i % 35}",
            "mappings:",
            f"  exact: [https://example.org/external/{i}]",
            "created: 2026-01-01",
            "modified: 2026-06-01",
        ]
        body = SENTENCE * (3 + i % 4)
        (out / "terms" / f"{slug}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body + "\n",
                                                 encoding="utf-8")
    for k in range(n_terms // 20):
        a, b = rng.sample(range(n_terms), 2)
        aspects = "".join(f"  - aspect: Aspect {m}\n    first: First value {m}.\n    second: Second value {m}.\n"
                          for m in range(1, 5))
        (out / "comparisons" / f"comparison-{k:06d}.yaml").write_text(
            f"title: Comparison {k}\nterms: [{slugs[a]}, {slugs[b]}]\nsummary: Synthetic comparison {k}.\n"
            f"aspects:\n{aspects}", encoding="utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("terms", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.terms, args.out_dir, args.seed))
