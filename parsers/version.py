"""Parser version: bump when observations for the same input may change."""

from __future__ import annotations

PARSER_VERSION = "1.7.0"
