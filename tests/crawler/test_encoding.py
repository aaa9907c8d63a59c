"""Decoding rules of portals.md §5: gb2312/gbk as GB18030, strict UTF-8 then GB18030 when undeclared."""

from __future__ import annotations

import pytest

from parsers.decode import declared_charset, decode_page, normalise_charset

GBK_ONLY = "联系人：王镕、李堃、赵珺。2019年政府信息公开工作年度报告"


def test_gb2312_declaration_with_gbk_only_characters_decodes_as_gb18030() -> None:
    body = f'<html><head><meta charset="gb2312"></head><body>{GBK_ONLY}</body></html>'.encode("gbk")
    decoded = decode_page(body, "text/html")
    assert decoded.declared == "gb2312"
    assert decoded.detected == "gb18030"
    assert GBK_ONLY in decoded.text


def test_header_charset_wins_over_meta() -> None:
    body = f'<meta charset="utf-8">{GBK_ONLY}'.encode("gbk")
    decoded = decode_page(body, "text/html; charset=GBK")
    assert (decoded.declared, decoded.detected) == ("gbk", "gb18030")
    assert GBK_ONLY in decoded.text


def test_short_undeclared_gbk_is_not_misdetected() -> None:
    body = "年度报告".encode("gbk")  # 8 bytes: statistical detectors guess cp949 on bodies this short
    decoded = decode_page(body, None)
    assert decoded.declared is None
    assert (decoded.detected, decoded.text) == ("gb18030", "年度报告")


def test_wrong_declaration_falls_back_to_what_decodes() -> None:
    body = f'<meta charset="utf-8"><p>{GBK_ONLY}</p>'.encode("gbk")
    decoded = decode_page(body, None)
    assert decoded.declared == "utf-8" and decoded.detected == "gb18030"
    assert GBK_ONLY in decoded.text


def test_utf8_with_bom_and_xml_declaration() -> None:
    assert decode_page("\ufeff年报".encode(), None).text == "年报"
    xml = '<?xml version="1.0" encoding="GBK"?><datastore>年报</datastore>'.encode("gbk")
    assert declared_charset(xml, "text/xml") == "gbk"
    assert "年报" in decode_page(xml, "text/xml").text


@pytest.mark.parametrize(("name", "codec"), [("GB2312", "gb18030"), ("x-gbk", "gb18030"), ("utf8", "utf-8"),
                                             ("nonsense-charset", None)])  # fmt: skip
def test_normalise_charset(name: str, codec: str | None) -> None:
    assert normalise_charset(name) == codec
