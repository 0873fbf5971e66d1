"""The words of the glossary's pages themselves (navigation, headings, notes), in the page's language.

The catalogs are gettext .po files, termgraph/web/locale/<language>.po, the format translators and their tools
work with; Babel reads them, and Jinja2's i18n extension puts them into the templates (`_()`, `ngettext()`,
`{% trans %}`). A page in a language without a catalog is in English, the language of the templates.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

_PAGE_LANGUAGE: ContextVar[str] = ContextVar("termgraph_page_language", default="en")


def catalog_languages() -> list[str]:
    return sorted(p.name.removesuffix(".po") for p in (resources.files("termgraph.web") / "locale").iterdir()
                  if p.name.endswith(".po"))


@cache
def translations(lang: str) -> Any:
    """gettext translations for a page in `lang` (a BCP 47 tag): its catalog, or its primary language's
    (fr-CA uses fr.po), or none (English)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    for code in dict.fromkeys([lang.lower(), lang.split("-")[0].lower()]):
        po = resources.files("termgraph.web") / "locale" / f"{code}.po"
        if po.is_file():
            with po.open("rb") as source:
                catalog = read_po(source, locale=code.replace("-", "_"))
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return Translations(compiled)
    return NullTranslations()


@cache
def autonym(tag: str) -> str:
    """A language's name in that language, for the language switcher ("Deutsch" for de), from Babel's CLDR
    data; the tag itself when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").display_name
    except (ValueError, UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:] if name else tag


@contextmanager
def page_language(lang: str) -> Iterator[None]:
    """While a page in `lang` is rendered, gettext and ngettext translate into it (safe across threads and
    tasks, so one template environment serves every language)."""
    token = _PAGE_LANGUAGE.set(lang)
    try:
        yield
    finally:
        _PAGE_LANGUAGE.reset(token)


def gettext(message: str) -> str:
    return translations(_PAGE_LANGUAGE.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_PAGE_LANGUAGE.get()).ngettext(singular, plural, n)
