"""Display labels of indicator keys: the catalog's Chinese wording, also for keys the parser adds."""

from __future__ import annotations

from parsers.catalog import ADDED_KEYS, ADDED_LABELS
from scheduler.labels import indicator_catalog, label_of, unit_of


def test_every_key_has_a_chinese_label() -> None:
    catalog = indicator_catalog()
    assert set(ADDED_KEYS) <= set(catalog)
    unlabelled = [key for key, info in catalog.items() if info.label == key or info.label.isascii()]
    assert unlabelled == []
    assert set(ADDED_LABELS) == set(ADDED_KEYS)


def test_labels_of_catalog_added_extra_and_unknown_keys() -> None:
    assert label_of("requests.source.citizen.lawyer") == "申请来源：公民，其中律师"
    assert unit_of("requests.source.citizen.lawyer") == "件"
    assert not label_of("requests.received").isascii()
    assert label_of("extra.乡镇街道公开信息数") == "乡镇街道公开信息数"
    assert label_of("no.such.key") == "no.such.key"
