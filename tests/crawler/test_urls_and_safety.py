"""URL hygiene (canonical form, traps, allowed hosts) and the SSRF guard."""

from __future__ import annotations

import pytest

from crawler.safety import HostGuard, UnsafeHostError, address_refusal
from crawler.urls import absolute_url, canonical_url, host_allowed, host_of, trap_reason


def test_canonical_url_drops_fragments_default_ports_and_session_ids() -> None:
    assert (
        canonical_url("HTTP://WWW.Example.GOV.CN:80/a/b;jsessionid=ABC?x=1&PHPSESSID=z&utm_source=w#top")
        == "http://www.example.gov.cn/a/b?x=1"
    )


def test_canonical_url_keeps_gbk_escapes_byte_for_byte_and_escapes_raw_utf8() -> None:
    assert canonical_url("http://a.gov.cn/s?q=%C4%EA%B1%A8") == "http://a.gov.cn/s?q=%C4%EA%B1%A8"
    assert canonical_url("http://a.gov.cn/年报/") == "http://a.gov.cn/%E5%B9%B4%E6%8A%A5/"


def test_absolute_url_resolves_and_refuses_non_http() -> None:
    base = "http://a.gov.cn/zwgk/ndbg/index.html"
    assert absolute_url(base, "./202403/t20240314_1.html") == "http://a.gov.cn/zwgk/ndbg/202403/t20240314_1.html"
    assert absolute_url(base, "../../../../x.html") == "http://a.gov.cn/x.html"
    for href in ("javascript:void(0)", "mailto:a@b.cn", "#top", "", "data:text/html,x"):
        assert absolute_url(base, href) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://a.gov.cn/cal?month=2024-02", "calendar parameter"),
        ("http://a.gov.cn/a/b/a/b/a/b/index.html", "repeated path segments"),
        ("http://a.gov.cn/x?page=1&page=2", "repeated query parameter"),
        ("http://a.gov.cn/" + "a" * 600, "url too long"),
        ("http://a.gov.cn/zwgk/ndbg/index_3.html", None),
        ("http://a.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2019&area=11330", None),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url) == reason


def test_host_allowed_by_host_port_and_wildcard() -> None:
    assert host_of("https://www.a.gov.cn:443/x") == "www.a.gov.cn"
    assert host_of("http://127.0.0.1:8080/") == "127.0.0.1:8080"
    assert host_allowed("http://www.a.gov.cn/x", {"www.a.gov.cn"})
    assert host_allowed("http://www.a.gov.cn:8888/x", {"www.a.gov.cn"})  # a bare host allows any port
    assert not host_allowed("http://127.0.0.1:9/x", {"127.0.0.1:8080"})
    assert host_allowed("http://xxgk.a.gov.cn/x", {"*.a.gov.cn"})
    assert host_allowed("https://www.xizang.gov.cn/x", {"xizang.gov.cn"})  # www twin: sites redirect between them
    assert host_allowed("https://xizang.gov.cn/x", {"www.xizang.gov.cn"})
    assert not host_allowed("https://xxgk.xizang.gov.cn/x", {"www.xizang.gov.cn"})
    assert not host_allowed("http://www.hongxingpaper.com/gov/x.html", {"www.a.gov.cn", "*.a.gov.cn"})


@pytest.mark.parametrize(
    ("address", "label"),
    [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.5", "private"), ("169.254.169.254", "link-local"),
     ("::1", "loopback"), ("::ffff:10.0.0.1", "private"), ("0.0.0.0", "unspecified"),
     ("2002:7f00:1::", "loopback"), ("2002:a00:1::", "private"), ("64:ff9b::7f00:1", "loopback"),
     ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private")],
)  # fmt: skip
def test_address_refusal_names_the_problem(address: str, label: str) -> None:
    reason = address_refusal(address)
    assert reason is not None and label in reason


def test_public_addresses_pass() -> None:
    assert address_refusal("202.108.22.5") is None
    assert address_refusal("2001:da8::1") is None
    assert address_refusal("2002:ca6c:1605::1") is None  # 6to4 of a public address (202.108.22.5)


def test_host_guard_refuses_loopback_names_and_literals_unless_allowed() -> None:
    guard = HostGuard()
    assert guard.refusal("localhost")
    assert guard.refusal("localhost.") and guard.refusal("LOCALHOST.") and guard.refusal("127.0.0.1.")
    assert guard.refusal("127.0.0.1")
    with pytest.raises(UnsafeHostError):
        guard.check_host("10.0.0.8")
    assert guard.refusal("127.0.0.1", allow_private=True) is None
    assert HostGuard(allow_private=True).refusal("169.254.169.254") is None


def test_host_guard_uses_the_resolved_addresses() -> None:
    answers = {"intranet.a.gov.cn": ["10.20.30.40"], "www.a.gov.cn": ["202.108.22.5"]}
    guard = HostGuard(resolver=lambda host: answers.get(host, []))
    assert "10.20.30.40 is a private address" in (guard.refusal("intranet.a.gov.cn") or "")
    assert guard.refusal("www.a.gov.cn") is None
    assert guard.refusal("does-not-resolve.a.gov.cn") is None  # the download fails with a DNS error instead
