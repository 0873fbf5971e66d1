"""Language tags: valid by BCP 47 (RFC 5646) *and* registered in the IANA language subtag registry.

One check for every place a tag enters termgraph (content files, `check`'s reader, query parameters), so that
a tag the build accepts is one that every RDF tool accepts too (Oxigraph refuses `e`; nothing matches `french`).
The registry comes with langcodes (no network at run time). Region and script subtags are fine: `fr-CA`,
`en-GB`, `zh-Hans-CN`; so are private-use tags (`x-internal`).
"""
from __future__ import annotations

import difflib
import re

# RFC 5646 well-formed language tags (lower-cased: tags are case-insensitive).
_LANGTAG = re.compile(r"""^(?:
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
    (?:-[a-z]{4})?
    (?:-(?:[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
    (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*
    (?:-x(?:-[a-z0-9]{1,8})+)?
  | x(?:-[a-z0-9]{1,8})+
  | i-[a-z]{3,8}
  | sgn-[a-z]{2}-[a-z]{2}
  | en-gb-oed
)$""", re.VERBOSE)


def well_formed_language_tag(tag: str) -> bool:
    """Well-formed by the syntax of BCP 47 (RFC 5646)."""
    return _LANGTAG.match(tag.lower()) is not None


def valid_language_tag(tag: str) -> bool:
    """Well-formed, and every subtag registered in the IANA language subtag registry:
    `en`, `de-AT`, `zh-Hans-CN`, `x-private`; not `en_US`, `e`, `xx`, `french` or `klingon`."""
    if not well_formed_language_tag(tag):
        return False
    import langcodes  # on first use: ~70 ms to import, which a query without a language tag need not pay

    return bool(langcodes.tag_is_valid(tag))


def language_tag_problem(tag: str) -> tuple[str, str] | None:
    """None for a valid tag; otherwise (what is wrong with it, how to fix it)."""
    if valid_language_tag(tag):
        return None
    why = "not well-formed BCP 47" if not well_formed_language_tag(tag) else \
        "not in the IANA language subtag registry"
    return why, _suggestion(tag)


def language_tag_message(tag: str) -> str | None:
    """None for a valid tag; otherwise one sentence saying what is wrong and how to fix it."""
    found = language_tag_problem(tag)
    return None if found is None else f"{tag!r} is not a valid language tag ({found[0]}); {found[1]}"


def _suggestion(tag: str) -> str:
    fixed = tag.replace("_", "-")
    if fixed != tag and valid_language_tag(fixed):
        return f"write it {fixed!r}"
    if tag.lower() in _NAMES:  # a language's name written instead of its code
        return f"did you mean {_NAMES[tag.lower()]!r}?"
    close = difflib.get_close_matches(tag.lower(), _COMMON, n=1, cutoff=0.5) if len(tag) > 1 else []
    hint = f"did you mean {close[0]!r}? " if close else ""
    return hint + "use a tag such as 'en', 'fr' or 'pt-BR'"


_NAMES = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "portuguese": "pt",
          "dutch": "nl", "swedish": "sv", "polish": "pl", "russian": "ru", "chinese": "zh", "japanese": "ja",
          "korean": "ko", "arabic": "ar", "hindi": "hi", "turkish": "tr", "greek": "el", "klingon": "tlh",
          "francais": "fr", "deutsch": "de", "espanol": "es"}
_COMMON = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "fi", "pl", "cs", "ru", "uk", "zh", "ja", "ko",
           "ar", "he", "hi", "tr", "el", "id", "vi", "th")
