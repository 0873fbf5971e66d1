"""The release date of a reproducible build: SOURCE_DATE_EPOCH when set, otherwise no timestamps at all."""
from __future__ import annotations

import datetime as dt
import os

from termgraph.errors import UsageError


def source_date() -> dt.date | None:
    """The release date when SOURCE_DATE_EPOCH asks for one (reproducible builds); otherwise no timestamps.

    A value that is not a whole number of seconds since 1970 is an error, as reproducible-builds.org's
    specification asks (UsageError, exit 2), never silently ignored."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch.strip()), dt.UTC).date() if epoch.strip().isdigit() else _bad(epoch)
    except (OverflowError, OSError, ValueError):
        return _bad(epoch)


def _bad(epoch: str) -> dt.date:
    raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, e.g. 1735689600; "
                     f"got {epoch!r} (unset it for no timestamps)")
