"""HTTP content negotiation (RFC 9110, section 12.5.1): which of the media types a resource offers fits a
request's `Accept` header best.

Reusable by anything that answers HTTP (the SPARQL endpoint, term IRIs, pages)::

    from termgraph.serve.negotiation import negotiate
    chosen = negotiate(request.headers.get("accept"), ["text/turtle", "application/ld+json"])
    if chosen is None:
        ...  # 406 Not Acceptable (termgraph.serve.errors.not_acceptable)

Rules, in order:

- no `Accept` header, or an empty one, gives the first offer (the resource's default);
- each offer takes the quality of the most specific range that matches it (`text/turtle` before `text/*`
  before `*/*`; a range with media-type parameters, other than `q`, matches only an offer with the same ones);
- `q=0` excludes an offer, even when a wildcard with a higher q would match it;
- the highest quality wins; between equal qualities, the range the client listed first wins, then the more
  specific range, then the order of the offers;
- a malformed entry (no slash, a bad q) is skipped, as RFC 9110 lets a server do; a header with no usable
  entry counts as absent;
- nothing acceptable gives None (the caller answers 406).

Media types compare case-insensitively. Offers may carry parameters (`text/plain; charset=utf-8`): the
offer is returned as given.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["MediaRange", "acceptable", "media_type_of", "negotiate", "parse_accept", "pick_language"]


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: `type/subtype;params;q=...`, with its position in the header."""

    type: str
    subtype: str
    q: float = 1.0
    params: tuple[tuple[str, str], ...] = ()
    position: int = 0
    extensions: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def specificity(self) -> int:
        """3 for type/subtype;params, 2 for type/subtype, 1 for type/*, 0 for */*."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self.params else 2

    def matches(self, media_type: str, params: tuple[tuple[str, str], ...] = ()) -> bool:
        main, _, sub = media_type.partition("/")
        if self.type != "*" and self.type != main:
            return False
        if self.subtype != "*" and self.subtype != sub:
            return False
        return all(p in params for p in self.params)

    def __str__(self) -> str:
        text = f"{self.type}/{self.subtype}" + "".join(f";{k}={v}" for k, v in self.params)
        return text if self.q == 1.0 else f"{text};q={self.q:g}"


def _split_params(text: str) -> tuple[str, list[tuple[str, str]]]:
    parts = text.split(";")
    params = []
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not key:
            continue
        params.append((key, value.strip().strip('"') if sep else ""))
    return parts[0].strip().lower(), params


def _parse_q(value: str) -> float | None:
    """RFC 9110 qvalue: 0, 1, or 0.xxx / 1.000 (up to three decimals); None when malformed."""
    try:
        q = float(value)
    except ValueError:
        return None
    if not 0.0 <= q <= 1.0 or not value or value[0] not in "01":
        return None
    return round(q, 3)


@lru_cache(maxsize=512)
def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The usable entries of an Accept header, in the order the client wrote them (malformed ones skipped)."""
    if not header:
        return ()
    ranges = []
    for position, item in enumerate(header.split(",")):
        if not item.strip():
            continue
        media, params = _split_params(item)
        main, slash, sub = media.partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*") or " " in media:
            continue
        q = 1.0
        own: list[tuple[str, str]] = []
        extensions: list[tuple[str, str]] = []
        seen_q = False
        bad = False
        for key, value in params:
            if seen_q:
                extensions.append((key, value))  # accept-ext after q: not part of the range
            elif key == "q":
                parsed = _parse_q(value)
                if parsed is None:
                    bad = True
                    break
                q, seen_q = parsed, True
            else:
                own.append((key, value.lower() if key == "charset" else value))
        if not bad:
            ranges.append(MediaRange(main, sub, q, tuple(own), position, tuple(extensions)))
    return tuple(ranges)


def media_type_of(value: str) -> str:
    """`type/subtype` of a Content-Type or offer, lower case, without parameters."""
    return value.split(";", 1)[0].strip().lower()


def _quality(ranges: Sequence[MediaRange], offer: str) -> tuple[float, int, int] | None:
    """(q, -position, specificity) of the most specific range matching `offer`; None when none matches."""
    media, params = _split_params(offer)
    offer_params = tuple((k, v.lower() if k == "charset" else v) for k, v in params)
    best: MediaRange | None = None
    for candidate in ranges:
        if candidate.matches(media, offer_params) and (best is None or candidate.specificity > best.specificity):
            best = candidate
    if best is None:
        return None
    return best.q, -best.position, best.specificity


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer that fits `accept` best (see the module's rules); None when none is acceptable."""
    if not offers:
        return None
    ranges = parse_accept(accept.strip() if accept else None)
    if not ranges:
        return offers[0]
    best: tuple[tuple[float, int, int], int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        quality = _quality(ranges, offer)
        if quality is None or quality[0] <= 0:
            continue
        key = (quality, -index)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def acceptable(accept: str | None, offers: Iterable[str]) -> list[str]:
    """Every acceptable offer, best first (for a 406 message or an Alternates list)."""
    remaining = list(offers)
    order = []
    while remaining:
        pick = negotiate(accept, remaining)
        if pick is None:
            break
        order.append(pick)
        remaining.remove(pick)
    return order


def pick_language(query_lang: str | None, accept_language: str | None, languages: list[str], default: str) -> str:
    """?lang= when the glossary has it, else the best of Accept-Language, else the glossary's language."""
    if query_lang and query_lang in languages:
        return query_lang
    if accept_language:
        ranked = []
        for n, item in enumerate(accept_language.split(",")):
            tag, _, params = item.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    continue
            if tag and q > 0:
                ranked.append((-q, n, tag.strip().lower()))
        for _, _, tag in sorted(ranked):
            for code in languages:
                if code.lower() == tag or code.lower() == tag.split("-")[0]:
                    return code
    return default
