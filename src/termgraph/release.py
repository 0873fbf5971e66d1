"""The release date of a reproducible build: SOURCE_DATE_EPOCH when set, otherwise no timestamps at all."""
from __future__ import annotations

import datetime as dt
import os


def source_date() -> dt.date | None:
    """The release date when SOURCE_DATE_EPOCH asks for one (reproducible builds); otherwise no timestamps."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch and epoch.isdigit() else None
