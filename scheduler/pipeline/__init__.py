"""The harvest pipeline: recover -> crawl -> ingest -> detect changes -> publish (:mod:`.pipeline`).

One module per stage (:mod:`.recovery`, :mod:`.crawl`, :mod:`.ingest`, :mod:`.changes`, :mod:`.feed`) and
one per entry point that records a run of its own (:mod:`.harvest`; ``ogi parse --all`` in
:mod:`scheduler.commands.parse`).
"""

from scheduler.pipeline.pipeline import CRAWL, HARVEST, PARSE, STAGES, Pipeline, PipelineResult

__all__ = ["CRAWL", "HARVEST", "PARSE", "STAGES", "Pipeline", "PipelineResult"]
