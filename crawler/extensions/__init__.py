"""Scrapy extensions, one per module: politeness (throttle), the body-size cap, live progress."""
