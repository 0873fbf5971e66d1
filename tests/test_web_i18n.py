"""The pages' own words in every language the catalogs have: nothing left untranslated, placeholders intact,
and the catalogs' template is what the templates and code ask for today."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT

from termgraph.web.i18n import catalog_languages, translations

WEB = ROOT / "src" / "termgraph" / "web"
LOCALE = WEB / "locale"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def asked_for() -> set[str]:
    """Every message the templates and the web code ask for (what `pybabel extract` finds)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(WEB), METHODS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def test_the_template_is_current() -> None:
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in read(LOCALE / "messages.pot") if m.id}
    assert template == asked_for(), "run: pybabel extract -F src/termgraph/web/locale/babel.cfg ... (see babel.cfg)"


@pytest.mark.parametrize("lang", ["fr", "de", "es"])
def test_every_message_is_translated(lang: str) -> None:
    assert lang in catalog_languages()
    catalog = read(LOCALE / f"{lang}.po")
    wanted = asked_for()
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert wanted <= set(have), sorted(wanted - set(have))
    untranslated = [m.id for m in have.values() if not all(m.string if isinstance(m.string, tuple) else [m.string])
                    or m.fuzzy]
    assert untranslated == []
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []  # placeholders the same as in English


def test_a_regional_tag_uses_its_language_and_an_unknown_one_is_english() -> None:
    assert translations("fr-CA").gettext("Related terms") == translations("fr").gettext("Related terms")
    assert translations("fr").gettext("Related terms") != "Related terms"
    assert translations("ja").gettext("Related terms") == "Related terms"
