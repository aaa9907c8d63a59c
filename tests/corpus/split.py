"""The held-out fifth of the corpus, chosen by a hash of the report's URL (stable whatever the file order)."""

from __future__ import annotations

import hashlib

HELD_OUT = "heldout"
DEVELOPMENT = "dev"


def split_of(url: str) -> str:
    """``heldout`` for one report in five, ``dev`` for the others."""
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    return HELD_OUT if digest[0] % 5 == 0 else DEVELOPMENT
