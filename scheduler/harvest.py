"""Kept for callers of ``scheduler.harvest`` (tests/corpus/end_to_end.py): the harvest lives in
:mod:`scheduler.pipeline.harvest`."""

from scheduler.pipeline.harvest import HarvestResult, harvest

__all__ = ["HarvestResult", "harvest"]
