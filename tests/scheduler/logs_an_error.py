"""A Scrapy extension for tests: logs one ERROR when the spider opens, as a broken extension or Scrapy would."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)


class LogsAnError:
    @classmethod
    def from_crawler(cls, crawler: Any) -> LogsAnError:
        extension = cls()
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        return extension

    def opened(self, spider: Any) -> None:
        logger.error("something broke in %s", spider.name)
