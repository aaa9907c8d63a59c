"""Downloader middlewares, one per module: host guard (50), back-off (560), archive (950), page limit (960)."""
