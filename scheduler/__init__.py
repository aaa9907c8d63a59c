"""scheduler: orchestration (harvest -> parse -> change detection) and the `ogi` command line."""

__version__ = "0.1.0"
