"""Row labels -> indicator keys for the 2014-2018 national table and the 2008-2013 provincial tables."""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.numbers import normalize

_TRAD = str.maketrans(
    "開國條數請務決萬處權資訊報見專職員費據複議訴訟與", "开国条数请务决万处权资讯报见专职员费据复议诉讼与"
)
_PREFIX = re.compile(
    r"^(?:其中[:：]?|\d{1,2}[.．﹒、]?(?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|"
    r"[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽①②③④⑤⑥⑦⑧⑨⑩ⅠⅡⅢⅣⅤⅥ]|[.．﹒、:：\s])+"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


@lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    """NFKC, no spaces, simplified characters, straight quotes, numbering and 其中 removed."""
    t = normalize(text).translate(_TRAD).translate(_QUOTES)
    return _PREFIX.sub("", t)


# (pattern, key, section) — section: None = any; "review"/"litigation" = only inside that block.
# First match wins, so specific patterns come before general ones.
STAT_RULES: list[tuple[str, str, str | None]] = [
    (r"主动公开规范性文件数", "proactive.normative_docs", None),
    (r"制发规范性文件总数", "normative_docs.issued", None),
    (r"^政府公报(公开)?(政府)?信息(数)?$|^政府公报$", "proactive.via.gazette", None),
    (r"^政府网站(公开)?(政府)?信息(数)?$|^政府网站$", "proactive.via.website", None),
    (r"微博微信回应事件", "responses.weibo_wechat", None),
    (r"政务微博.*公开政府信息", "proactive.via.weibo", None),
    (r"政务微信.*公开政府信息", "proactive.via.wechat", None),
    (r"其他方式公开政府信息", "proactive.via.other", None),
    (r"回应公众关注热点", "responses.hotspots", None),
    (r"主要负责同志参加新闻发布会", "press_conferences.by_leaders", None),
    (r"新闻发布会(总)?次数|新闻发布会召开次数|举办新闻发布会", "press_conferences.total", None),
    (r"主要负责同志参加政府网站在线访谈", "online_interviews.by_leaders", None),
    (r"在线访谈次数", "online_interviews.total", None),
    (r"政策解读稿件", "interpretations.published", None),
    (r"其他方式回应事件", "responses.other", None),
    (r"^主动公开(政府)?信息数|^公开信息总数$|^主动公开政府信息$", "proactive.total", None),
    (r"当面申请", "requests.channel.in_person", None),
    (r"传真申请", "requests.channel.fax", None),
    (r"电子邮件申请", "requests.channel.email", None),
    (r"网络申请|网上申请", "requests.channel.online", None),
    (r"信函申请", "requests.channel.letter", None),
    (r"其[他它]形式申请", "requests.channel.other", None),
    (
        r"^收到申请数|^(政府信息公开)?申请(总)?数$|受理依申请公开信息总数|^政府信息公开申请总数$",
        "requests.received",
        None,
    ),
    (r"^申请办结数", "requests.completed", None),
    (r"按时办结", "requests.completed_on_time", None),
    (r"延期办结", "requests.completed_extended", None),
    (r"不同意公开|否决公开", "outcome.denied", None),
    (r"^申请答复数|对申请的答复(总)?数|答复总数", "outcome.total", None),
    (r"属于已主动公开范围", "outcome.already_public", None),
    (r"同意部分公开", "outcome.partial", None),
    (r"^同意公开", "outcome.granted", None),
    (r"国家秘密|涉密免于公开", "outcome.denied.state_secret", None),
    (r"商业秘密", "outcome.denied.commercial_secret", None),
    (r"个人隐私", "outcome.denied.privacy", None),
    (r"危及国家安全", "outcome.denied.security_stability", None),
    (r"不是《条例》所指|非《规定》所指", "outcome.denied.not_gov_info", None),
    (r"法律法规规定的其他情形", "outcome.denied.other_law", None),
    (r"不属于本行政机关", "outcome.not_this_agency", None),
    (r"信息不存在", "outcome.not_exist", None),
    (r"告知作出更改补充", "outcome.correction_requested", None),
    (r"告知通过其他途径", "outcome.other_channel", None),
    (r"行政复议(申请)?(数量|数)$|行政复议申请数", "review.total", None),
    (r"行政诉讼(案件)?(数量|数)$", "litigation.total", None),
    (r"行政申诉数", "admin_appeals.total", None),
    (r"维持", "review.upheld", "review"),
    (r"纠错", "review.corrected", "review"),
    (r"其他情形", "review.other", "review"),
    (r"维持|驳回", "litigation.upheld", "litigation"),
    (r"纠错", "litigation.corrected", "litigation"),
    (r"其他情形", "litigation.other", "litigation"),
    (r"举报投诉数量", "complaints.total", None),
    (r"依申请公开信息收取的费用|^与信息公开相关的收费金额$|^收费金额$", "fees.amount", None),
    (r"专门机构数", "org.dedicated_bodies", None),
    (r"电子信息查阅", "", None),
    (r"查阅点数$", "org.reading_points", None),
    (r"从事(政府)?信息公开工作人员数", "staff.total", None),
    (r"专职人员", "staff.fulltime", None),
    (r"兼职人员", "staff.parttime", None),
    (r"专项经费", "budget.amount", None),
    (r"工作会议或专题会议数", "meetings.held", None),
    (r"培训班数|举办培训次数", "trainings.held", None),
    (r"接受培训人员数|参加培训人次数", "trainings.attendees", None),
    (r"^党政机关$", "requests.source.party_gov", "source"),
    (r"^社会团体", "requests.source.social_org", "source"),
    (r"^企业$", "requests.source.enterprise", "source"),
    (r"^宣传媒体$", "requests.source.media", "source"),
    (r"^科研院校$", "requests.source.research", "source"),
    (r"^公民$", "requests.source.citizen", "source"),
    (r"^律师$", "requests.source.citizen.lawyer", "source"),
    (r"^科研人员$", "requests.source.citizen.researcher", "source"),
    (r"^媒体从业人员$", "requests.source.citizen.journalist", "source"),
    (r"^其他$", "requests.source.other", "source"),
]
_COMPILED = [(re.compile(p), key, sec) for p, key, sec in STAT_RULES]


@lru_cache(maxsize=8192)
def match_stat_label(label: str, section: str | None) -> str | None:
    """The indicator key for a cleaned row label, or None (unknown row: caller keeps it as extra)."""
    for pattern, key, sec in _COMPILED:
        if sec is not None and sec != section:
            continue
        if pattern.search(label):
            return key or None
    return None


_REVIEW = re.compile(r"行政复议")
_LITIGATION_WORD = re.compile(r"诉讼")
_LITIGATION = re.compile(r"行政诉讼")
_SOURCE = re.compile(r"申请来源")
_OTHER_BLOCK = re.compile(r"^[一二三四五六七八九十]+、|举报投诉|收取的费用|机构建设|会议和培训|收费")


def section_of(label: str, current: str | None) -> str | None:
    """Track which block of a statistics table the following rows belong to."""
    if _REVIEW.search(label) and not _LITIGATION_WORD.search(label):
        return "review"
    if _LITIGATION.search(label):
        return "litigation"
    if _SOURCE.search(label):
        return "source"
    if current == "source":
        return current
    if _OTHER_BLOCK.search(label):
        return None
    return current
