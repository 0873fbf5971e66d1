"""docs/checks.md documents every check: it is generated from the registry and must be regenerated when a
check changes (`python -m termgraph.checks.docs > docs/checks.md`)."""
from __future__ import annotations

from conftest import ROOT

from termgraph.checks import REGISTRY
from termgraph.checks.docs import markdown


def test_docs_checks_md_is_up_to_date():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert text == markdown(), "regenerate: python -m termgraph.checks.docs > docs/checks.md"


def test_every_check_is_documented_with_a_rule_link():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in REGISTRY.values():
        assert f"| `{check.id}` | {check.severity} |" in text
        assert check.rule_url.startswith("https://")
        assert check.finds.endswith((".", ".)")) and check.why.endswith((".", ".)"))
