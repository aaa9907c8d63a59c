from __future__ import annotations

from pathlib import Path

import pytest

import parsers

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = DATA / "seeds"


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_reports() -> dict[str, parsers.ParsedReport]:
    return {p: parsers.parse_text(seed_text(p)) for p in ("000", "001", "002", "003", "004")}
