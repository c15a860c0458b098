# ruff: noqa: E501  (the pages are HTML as sites write it: long lines)
"""Writes the labelled import set: saved pages in the styles of real issuers, a PDF, a pasted copy.

Each input is built from a real public statement (not one of the bundled two): its title, date,
issuer and paragraphs, set inside a page in the style of the site that published it (skip links,
menus, breadcrumbs, share buttons, tags, attachments, hit counters, previous/next links,
satisfaction surveys, footers), saved in the page's own charset. Beside each input,
`<name>.expected.json` holds what an import must find: title, date, paragraphs, and the chrome
lines that must not leak into the document. The outputs are committed; run this only to change
the set (reportlab and pypdf are needed for the PDFs):

    python tests/data/import/make_fixtures.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _p(paragraphs: list[str], tag: str = "p") -> str:
    return "\n".join(f"<{tag}>{html.escape(p, quote=False)}</{tag}>" for p in paragraphs)


def _entities(text: str) -> str:
    """Typographic characters as named entities, the way older CMSs save them."""
    for char, name in (("’", "rsquo"), ("‘", "lsquo"), ("“", "ldquo"), ("”", "rdquo")):
        text = text.replace(char, f"&{name};")
    return text.replace("—", "&mdash;").replace("–", "&ndash;")


def _write(name: str, data: bytes, expected: dict) -> None:
    (HERE / name).write_bytes(data)
    stem = name.rsplit(".", 1)[0]
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


# --- Ministry of Foreign Affairs, Republic of Korea: the English board ----------------------

MOFA_SKIP = """<div id="skipNav">
<a href="#contents">바로가기 메뉴</a>
<a href="#contents">본문 바로가기</a>
<a href="#gnb">주메뉴 바로가기</a>
</div>"""

MOFA_SURVEY_EN = """<div class="satisfaction">
<h4>Satisfaction survey</h4>
<p>Are you satisfied with the information provided on this page?</p>
<ul><li><label><input type="radio" name="s" value="5">Very satisfied</label></li>
<li><label><input type="radio" name="s" value="4">Satisfied</label></li>
<li><label><input type="radio" name="s" value="3">Neutral</label></li>
<li><label><input type="radio" name="s" value="2">Dissatisfied</label></li>
<li><label><input type="radio" name="s" value="1">Very dissatisfied</label></li></ul>
<button type="submit">Submit</button>
</div>"""


MOFA_EN_TITLE = (
    "MOFA Spokesperson’s Commentary on US Announcement of Third Round of Sanctions "
    "against North Korean Individuals and Entities Involved in Human Rights Abuses"
)
MOFA_EN_PARAGRAPHS = [
    "1. The government of the Republic of Korea appreciates the US government’s third "
    "report on serious human rights abuses and censorship in North Korea and the list of "
    "individuals and entities subject to sanctions, released in accordance with the US "
    "North Korea Sanctions and Policy Enhancement Act of 2016 (H.R. 757) on October 26 "
    "(local time).",
    "2. Such action, along with the range of US efforts to improve human rights "
    "conditions in North Korea, including the continued extension of the US North Korean "
    "Human Rights Act (signed into law in 2004), is expected to contribute to the joint "
    "efforts of the ROK, the US and the international community.",
    "3. The ROK government urges the North Korean authorities to improve the human rights "
    "situation in North Korea in response to the international community’s call for "
    "action, expressed in the UN General Assembly resolution on the human rights situation "
    "in North Korea, and will continue its efforts, with the international community, "
    "towards tangible improvements in the lives of North Koreans.",
]


def mofa_en() -> None:
    title, paragraphs = MOFA_EN_TITLE, MOFA_EN_PARAGRAPHS
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry of Foreign Affairs, Republic of Korea - Press Releases</title>
<meta property="og:site_name" content="Ministry of Foreign Affairs, Republic of Korea">
</head><body>
{MOFA_SKIP}
<header><div class="util"><a href="/kor">KOREAN</a> <a href="/eng">ENGLISH</a>
<button class="btn-search">검색창 열기</button></div>
<h1 class="logo"><a href="/eng/index.do">MINISTRY OF FOREIGN AFFAIRS, REPUBLIC OF KOREA</a></h1>
<nav id="gnb"><ul><li><a href="#">Minister</a></li><li><a href="#">About Ministry</a></li>
<li><a href="#">Policy Information</a></li><li><a href="#">Countries &amp; Regions</a></li>
<li><a href="#">Press</a></li></ul></nav></header>
<div id="contents">
<div class="location"><a href="/eng">Home</a> &gt; <a href="#">Press</a> &gt; <span>Press Releases</span></div>
<h2 class="sub_tit">Press Releases</h2>
<div class="sns"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Print</a></div>
<div class="board_view">
<h3 class="bo_head">{html.escape(title)}</h3>
<ul class="bo_info"><li>Date : 2017-10-27</li><li>Hit : 3149</li></ul>
<div class="bo_con">
{_p(paragraphs)}
<p>* unofficial translation</p>
</div>
<div class="bo_file"><span>Attachment</span> <a href="#">Commentary_en.hwp (31KB)</a></div>
</div>
<ul class="bo_nav"><li>Previous : <a href="#">Outcome of the 4th Korea-Nordic Foreign Ministers’ Meeting</a></li>
<li>Next : <a href="#">Vice Minister Lim Sung-nam Meets Delegation of the Asia Society</a></li></ul>
<a class="btn_list" href="#">List</a>
{MOFA_SURVEY_EN}
</div>
<footer><p>60, Sajik-ro 8-gil, Jongno-gu, Seoul, 03172, Republic of Korea</p>
<p>Copyright © Ministry of Foreign Affairs, Republic of Korea. All rights reserved.</p></footer>
</body></html>
"""
    _write(
        "mofa-en-commentary.html",
        page.encode("utf-8"),
        {
            "title": title,
            "date": "2017-10-27",
            "issuer": "Ministry of Foreign Affairs, Republic of Korea",
            "language": "en",
            "source": "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=319294",
            "paragraphs": paragraphs,
            "chrome": [
                "바로가기 메뉴",
                "본문 바로가기",
                "검색창 열기",
                "Press Releases",
                "Hit : 3149",
                "Attachment",
                "Previous :",
                "Very satisfied",
                "unofficial translation",
                "All rights reserved",
            ],
        },
    )


# --- The Korean board of the same ministry, saved as EUC-KR ---------------------------------

MOFA_SURVEY_KO = """<div class="satisfaction">
<h4>만족도 조사</h4>
<p>이 페이지에서 제공하는 정보에 대하여 만족하십니까?</p>
<ul><li><label><input type="radio" name="s">매우만족</label></li>
<li><label><input type="radio" name="s">만족</label></li>
<li><label><input type="radio" name="s">보통</label></li>
<li><label><input type="radio" name="s">불만족</label></li>
<li><label><input type="radio" name="s">매우불만족</label></li></ul>
<button>평가하기</button>
</div>"""


def _mofa_ko(name: str, title: str, date: str, paragraphs: list[str], style: str) -> None:
    if style == "br":
        body = "<div class='bo_con'>" + "<br><br>\n".join(
            html.escape(p, quote=False) for p in paragraphs
        )
        body += "<br><br>\n<span>끝.</span></div>"
    else:
        body = f"<div class='bo_con'>\n{_p(paragraphs)}\n<p>끝.</p>\n</div>"
    charset = "euc-kr" if style == "p" else "utf-8"
    page = f"""<!DOCTYPE html>
<html lang="ko"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>외교부 - 보도자료</title>
<meta property="og:site_name" content="외교부">
</head><body>
{MOFA_SKIP}
<header><h1 class="logo"><a href="/www/index.do">외교부</a></h1>
<p class="slogan">국민과 함께하는 국익외교</p>
<button class="btn-search">검색창 열기</button>
<nav id="gnb"><ul><li><a href="#">외교부</a></li><li><a href="#">외교정책</a></li>
<li><a href="#">국가/지역</a></li><li><a href="#">재외국민</a></li><li><a href="#">알림·소식</a></li></ul></nav>
</header>
<div id="contents">
<div class="location"><a href="#">홈</a> &gt; <a href="#">알림·소식</a> &gt; <strong>보도자료</strong></div>
<h2 class="sub_tit">보도자료</h2>
<div class="sns"><a href="#">페이스북</a> <a href="#">트위터</a> <a href="#">인쇄</a></div>
<div class="board_view">
<h3 class="bo_head">{html.escape(title)}</h3>
<dl class="bo_info"><dt>작성일</dt><dd>{date}</dd><dt>조회수</dt><dd>2417</dd>
<dt>담당부서</dt><dd>대변인실</dd></dl>
{body}
<div class="bo_file"><span>첨부파일</span> <a href="#">대변인논평.hwp (24KB)</a></div>
</div>
<ul class="bo_nav"><li>이전글 <a href="#">제2차 한-중앙아 외교장관회의 개최 결과</a></li>
<li>다음글 <a href="#">외교부 장관, 주한 외교단 초청 간담회 개최</a></li></ul>
<a class="btn_list" href="#">목록</a>
{MOFA_SURVEY_KO}
</div>
<footer><p>(03172) 서울특별시 종로구 사직로8길 60 외교부</p>
<p>대표전화 : 02-2100-2114</p>
<p>Copyright (C) Ministry of Foreign Affairs. All rights reserved.</p></footer>
</body></html>
"""
    _write(
        name,
        page.encode(charset),
        {
            "title": title,
            "date": date,
            "issuer": "외교부",
            "language": "ko",
            "paragraphs": paragraphs,
            "chrome": [
                "바로가기 메뉴",
                "본문 바로가기",
                "검색창 열기",
                "보도자료",
                "조회수",
                "첨부파일",
                "이전글",
                "매우만족",
                "만족하십니까",
                "사직로8길",
                "국민과 함께하는",
            ],
        },
    )


def mofa_ko() -> None:
    _mofa_ko(
        "mofa-ko-panama.html",
        "‘파나마 정부 북한 선박 차단’에 대한 외교부 대변인 논평",
        "2013-07-17",
        [
            "정부는 파나마 정부가 7월 15일(월) 유엔 안보리 결의상의 의무에 따라 의심 화물을 "
            "실은 북한 선박을 차단한 것을 높이 평가하며 이를 지지한다.",
            "정부는 파나마 정부와 유엔 대북 제재위원회의 조사를 통해 사실관계가 조속히 "
            "밝혀지기를 기대한다.",
            "정부는 대북 안보리 결의가 각국에 의해 충실히 이행되기를 바라며, 이를 위해 "
            "국제사회와 긴밀히 협력해 나갈 것이다.",
        ],
        "p",
    )
    _mofa_ko(
        "mofa-ko-missile.html",
        "북한의 탄도미사일 발사에 대한 외교부 대변인 성명",
        "2014-03-26",
        [
            "북한의 오늘 미사일 발사는 탄도미사일과 관련된 모든 활동을 금지한 일련의 유엔 "
            "안보리 결의를 정면으로 위반한 것이며, 사전 항행 경보 없이 기습적으로 이루어져 "
            "국제 항행질서와 민간인의 안전에 심각한 위협을 주는 도발 행위이다.",
            "이번 발사는 핵안보정상회의를 계기로 각국 정상이 북핵의 조속한 폐기를 강조한 "
            "가운데 안보리 결의를 거듭 무시하고 한반도와 동북아의 긴장을 높이는 도발로서, "
            "정부는 이를 강력히 규탄한다.",
            "정부는 북한이 도발을 중단하고 국제사회에 대한 의무와 약속을 전면 이행할 것을 "
            "촉구한다.",
            "정부는 동맹국과 우방국, 그리고 안보리와 긴밀히 협력하여 이번 도발에 대한 대응 "
            "조치를 취해 나갈 것이다.",
        ],
        "br",
    )


# --- European External Action Service ---------------------------------------------------------

EEAS_HEAD = """<div class="cookie-banner"><p>This site uses cookies to offer you a better browsing experience.
Find out more on how we use cookies.</p><button>Accept all cookies</button><button>Accept only essential cookies</button></div>
<a class="skip" href="#main-content">Skip to main content</a>
<header><div class="ecl-site-header"><a href="/eeas/_en"><img alt="EEAS logo"></a>
<span class="site-name">EEAS</span><span>The Diplomatic Service of the European Union</span>
<select><option>English</option><option>Français</option></select>
<form><input placeholder="Search"><button>Search</button></form></div>
<nav><ul><li><a href="#">Home</a></li><li><a href="#">About us</a></li>
<li><a href="#">Countries</a></li><li><a href="#">Regions</a></li><li><a href="#">Topics</a></li>
<li><a href="#">Press material</a></li><li><a href="#">Library</a></li></ul></nav></header>"""

EEAS_FOOT = """<div class="ecl-social-media-share"><span>Share this page:</span>
<a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">E-mail</a></div>
<div class="related"><h2>Related topics</h2><ul><li><a href="#">Non-proliferation and disarmament</a></li>
<li><a href="#">DPRK (North Korea)</a></li></ul></div>
<footer class="ecl-site-footer"><p>EEAS - European External Action Service</p>
<ul><li><a href="#">Contact the EEAS</a></li><li><a href="#">Legal notice</a></li>
<li><a href="#">Privacy policy</a></li><li><a href="#">Cookies</a></li></ul>
<p>Follow us on social media</p></footer>"""


def eeas() -> None:
    title = "DPRK: Statement by the Spokesperson on the recent launch of ballistic missiles"
    paragraphs = [
        "The European Union strongly condemns the launch of ballistic missiles by the "
        "Democratic People’s Republic of Korea (DPRK) on 1 July, which constitutes yet another "
        "violation of UN Security Council resolutions.",
        "The EU reiterates its call on the DPRK to cease all illegal actions that threaten "
        "regional and international peace and security. We urge the DPRK to accept the offers "
        "of dialogue made by the relevant parties and to comply with its obligations under UN "
        "Security Council resolutions to abandon its nuclear weapons and ballistic missiles in "
        "a complete, verifiable, and irreversible manner.",
        "We are also gravely concerned by the deepening cooperation between the DPRK and "
        "Russia, in flagrant violation of multiple UN Security Council resolutions, and "
        "reiterate our strong call on both to cease their illegal arms transfers.",
        "The EU stands ready to work with all partners to promote a meaningful diplomatic "
        "process aimed at the complete, verifiable, and irreversible denuclearisation of the "
        "Korean Peninsula.",
    ]
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<title>DPRK: Statement by the Spokesperson on the recent launch of ballistic missiles | EEAS</title>
<meta property="og:site_name" content="EEAS">
<meta property="og:title" content="{html.escape(title)}">
<meta name="description" content="The European Union strongly condemns the launch of ballistic missiles">
</head><body>
{EEAS_HEAD}
<main id="main-content">
<nav class="ecl-breadcrumb"><ol><li><a href="#">Home</a></li><li><a href="#">Press material</a></li>
<li>DPRK: Statement by the Spokesperson on the recent launch of ballistic missiles</li></ol></nav>
<div class="ecl-page-header"><div class="ecl-page-header__meta">Statements by the Spokesperson</div>
<h1 class="ecl-page-header__title">{html.escape(title)}</h1>
<div class="ecl-page-header__info"><time datetime="2024-07-02">02.07.2024</time>
<span>Brussels</span><span>EEAS Press Team</span></div></div>
<div class="ecl-row"><div class="ecl-col-l-9 field--name-body">
{_p(paragraphs)}
</div>
<aside class="ecl-col-l-3 contacts"><h3>Press contacts</h3>
<div class="contact"><p>Nabila Massrali</p><p>Spokesperson for Foreign Affairs and Security Policy</p>
<p>+32 (0) 2 29 88093</p><p>+32 (0) 460 79 52 44</p></div>
<div class="contact"><p>Xavier Cifre Quatresols</p><p>Press Officer for Foreign Affairs and Security Policy</p>
<p>+32 (0)2 29 73582</p></div></aside></div>
<div class="tags"><span>Topics</span> <a href="#">Security &amp; Defence</a> <a href="#">Asia</a></div>
</main>
{EEAS_FOOT}
</body></html>
"""
    _write(
        "eeas-dprk-2024.html",
        page.encode("utf-8"),
        {
            "title": title,
            "date": "2024-07-02",
            "issuer": "EEAS",
            "language": "en",
            "paragraphs": paragraphs,
            "chrome": [
                "Skip to main content",
                "uses cookies",
                "Statements by the Spokesperson",
                "EEAS Press Team",
                "Nabila Massrali",
                "+32",
                "Share this page",
                "Related topics",
                "Legal notice",
                "Topics",
            ],
        },
    )

    title2 = "North Korea: Statement by the Spokesperson on the recent missile launches"
    paragraphs2 = [
        "The EU condemns the launches of missiles by the DPRK, which took place most recently "
        "on 5 and 11 January. The DPRK’s continued pursuit of illegal weapons systems is a "
        "threat to international peace and security and runs against international efforts "
        "to resume dialogue and to help its people.",
        "The EU calls on the DPRK to comply with its obligations under UN Security Council "
        "resolutions and to refrain from any action that undermines the environment for "
        "diplomacy and dialogue.",
        "The EU urges the DPRK to respond constructively to the readiness for diplomacy "
        "expressed by the United States and the Republic of Korea, and to engage in actions "
        "towards denuclearisation.",
        "The EU remains committed to the objective of the DPRK abandoning its weapons of mass "
        "destruction, ballistic missile and existing nuclear programmes in a complete, "
        "verifiable and irreversible manner.",
        "Until the DPRK complies with its obligations under UN Security Council resolutions, "
        "the EU will continue to implement sanctions strictly, and encourages the "
        "international community to do the same.",
    ]
    body = "\n".join(f"<p>{_entities(html.escape(p, quote=False))}</p>" for p in paragraphs2)
    page2 = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>EEAS - European External Action Service - European Commission</title>
<meta name="date" content="2022-01-11">
</head><body>
{EEAS_HEAD}
<div id="main-content">
<div class="breadcrumb">Home &rsaquo; Headquarters &rsaquo; Press material &rsaquo; Statements</div>
<h2>Press material</h2>
<h1>{_entities(html.escape(title2))}</h1>
<div class="date-line">Brussels, 11/01/2022 - 16:28, UNIQUE ID: 220111_11</div>
<div class="field-item">Statements by the Spokesperson</div>
<div class="field-body">
{body}
</div>
<div class="print"><a href="#">Print</a> <a href="#">Download PDF</a></div>
<div class="editorial">Editorial Sections: <a href="#">Asia</a> <a href="#">North Korea</a></div>
</div>
{EEAS_FOOT}
</body></html>
"""
    _write(
        "eeas-dprk-2022.html",
        page2.encode("cp1252"),
        {
            "title": title2,
            "date": "2022-01-11",
            "issuer": "EEAS",
            "language": "en",
            "paragraphs": paragraphs2,
            "chrome": [
                "Skip to main content",
                "uses cookies",
                "UNIQUE ID",
                "Statements by the Spokesperson",
                "Editorial Sections",
                "Download PDF",
                "Share this page",
                "Press material",
            ],
        },
    )


# --- U.S. Department of State ---------------------------------------------------------------

STATE_BANNER = """<section class="usa-banner"><div>An official website of the United States Government
<button>Here’s how you know</button></div>
<div class="usa-banner__content"><p><strong>Official websites use .gov</strong>
A <strong>.gov</strong> website belongs to an official government organization in the United States.</p>
<p><strong>Secure .gov websites use HTTPS</strong> A lock or https:// means you’ve safely connected to
the .gov website. Share sensitive information only on official, secure websites.</p></div></section>
<a class="skip-link" href="#content">Skip to content</a>
<header><a href="/"><img alt="U.S. Department of State"></a>
<nav><ul><li><a href="#">Travel</a></li><li><a href="#">Careers</a></li><li><a href="#">Countries &amp; Areas</a></li>
<li><a href="#">Bureaus &amp; Offices</a></li><li><a href="#">About</a></li></ul></nav>
<form><input placeholder="Search state.gov"></form></header>"""

STATE_FOOT = """<div class="related-tags"><h3>Tags</h3><a href="#">Bureau of East Asian and Pacific Affairs</a>
<a href="#">North Korea</a> <a href="#">Office of the Spokesperson</a></div>
<div class="related"><h3>Related Articles</h3>
<p><a href="#">Joint Statement on the DPRK’s Ballistic Missile Launch</a> January 5, 2024</p></div>
<footer><p>U.S. Department of State</p><p>The Lessons of 1989: Freedom and Our Future</p>
<ul><li><a href="#">Privacy Policy</a></li><li><a href="#">Accessibility Statement</a></li>
<li><a href="#">Copyright Information</a></li><li><a href="#">FOIA</a></li></ul></footer>"""


def state() -> None:
    title = (
        "U.S. Senior Official for the DPRK Pak’s Trilateral Call with Republic of Korea (ROK) "
        "Special Representative Kim and Japanese Director General Namazu"
    )
    paragraphs = [
        "U.S. Senior Official for the DPRK Dr. Jung H. Pak held a trilateral call with Republic "
        "of Korea Special Representative for Korean Peninsula Peace and Security Affairs Kim "
        "Gunn and Japanese Ministry of Foreign Affairs Director General for Asian and Oceanian "
        "Affairs Namazu Hiroyuki on January 14. All three strongly condemned the DPRK’s "
        "self-claimed launch of a solid-fuel intermediate-range ballistic missile (IRBM), in "
        "violation of multiple UN Security Council resolutions.",
        "The three sides underscored that such actions are dangerous, irresponsible, and "
        "destabilizing to regional and international security, and committed to strengthening "
        "security cooperation to defend against the threat posed by the DPRK.",
        "The officials shared assessments of the DPRK’s recent actions and reaffirmed that they "
        "would continue to coordinate closely on their near- and longer-term responses, "
        "including at the United Nations and with allies and partners.",
    ]
    page = f"""<!doctype html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{html.escape(title)} - United States Department of State</title>
<meta property="og:site_name" content="United States Department of State">
<meta property="article:published_time" content="2024-01-15T14:05:11+00:00">
</head><body>
{STATE_BANNER}
<main id="content">
<div class="featured-content__headline"><p class="article-meta doctype-meta">Media Note</p>
<h1 class="featured-content__headline">{html.escape(title)}</h1>
<p class="article-meta__author-bureau">Office of the Spokesperson</p>
<p class="article-meta__publish-date">January 15, 2024</p></div>
<div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
<div class="entry-content">
{_p(paragraphs)}
</div>
{STATE_FOOT}
</main>
</body></html>
"""
    _write(
        "state-media-note.html",
        page.encode("utf-8"),
        {
            "title": title,
            "date": "2024-01-15",
            "issuer": "United States Department of State",
            "language": "en",
            "paragraphs": paragraphs,
            "chrome": [
                "An official website",
                "Official websites use .gov",
                "Skip to content",
                "Media Note",
                "Office of the Spokesperson",
                "Related Articles",
                "Tags",
                "The Lessons of 1989",
                "Privacy Policy",
            ],
        },
    )

    title2 = (
        "Secretary Blinken’s Call with Republic of Korea Foreign Minister Park and "
        "Japanese Foreign Minister Hayashi"
    )
    paragraphs2 = [
        "The following is attributable to Spokesperson Matthew Miller:",
        "Secretary of State Antony J. Blinken held a trilateral call with Republic of Korea "
        "(ROK) Foreign Minister Park Jin and Japanese Foreign Minister Hayashi Yoshimasa to "
        "discuss the DPRK’s August 24 (KST) attempted space launch, which used ballistic "
        "missile technology. The Secretary and the Foreign Ministers strongly condemned the "
        "launch as a violation of multiple UN Security Council resolutions and for its "
        "destabilizing effect on the region.",
        "The Secretary and the Foreign Ministers affirmed that they will continue close "
        "trilateral consultation, in the spirit of the Camp David Summit, in response to the "
        "DPRK’s reckless actions. They stressed that the international community must come "
        "together to prevent the DPRK’s procurement activities and to stem the flow of revenue "
        "supporting its unlawful WMD and ballistic missile programs. The Secretary also "
        "reaffirmed the ironclad U.S. commitments to the defense of the ROK and Japan.",
    ]
    page2 = f"""<!doctype html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>Readout - United States Department of State</title>
<meta property="og:site_name" content="United States Department of State">
</head><body>
{STATE_BANNER}
<main id="content">
<p class="doctype-meta">Readout</p>
<h1>{html.escape(title2)}</h1>
<p class="article-meta__author-bureau">Office of the Spokesperson</p>
<p class="article-meta__publish-date">August 24, 2023</p>
<div class="entry-content">
{_p(paragraphs2)}
</div>
{STATE_FOOT}
</main>
</body></html>
"""
    _write(
        "state-readout.html",
        page2.encode("utf-8"),
        {
            "title": title2,
            "date": "2023-08-24",
            "issuer": "United States Department of State",
            "language": "en",
            "paragraphs": paragraphs2,
            "chrome": [
                "An official website",
                "Skip to content",
                "Readout",
                "Office of the Spokesperson",
                "Related Articles",
                "The Lessons of 1989",
            ],
        },
    )

    # A U.S. embassy page from 2014: tables, windows-1252, <br><br> between paragraphs.
    title3 = "State Department Statement on North Korean Missile Launch"
    paragraphs3 = [
        "North Korea launched two No Dong medium-range ballistic missiles from near its west "
        "coast on March 26 (local time). According to U.S. government information, both flew "
        "east over North Korea’s land mass and fell into the Sea of Japan. North Korea does "
        "not appear to have issued any maritime notification warning of the launches.",
        "We are closely monitoring the situation on the Korean Peninsula.",
        "Coming after the DPRK’s Scud launches of February 27 and March 3, these March 26 "
        "launches of medium-range No Dong ballistic missiles are a troubling and provocative "
        "escalation that the United States takes very seriously.",
        "Launches using ballistic missile technology clearly violate UN Security Council "
        "resolutions 1718, 1874 and 2094, which require North Korea to suspend all activities "
        "related to its ballistic missile program and to stop any launch using ballistic "
        "missile technology.",
        "We are coordinating closely with our allies and partners, including in the UN "
        "Security Council, to take appropriate measures in response to this provocation and "
        "to address the threat that the DPRK’s nuclear and ballistic missile programs pose to "
        "global security.",
        "We urge North Korea to exercise restraint and refrain from further threatening actions.",
    ]
    body3 = "<br>\n<br>\n".join(_entities(html.escape(p, quote=False)) for p in paragraphs3)
    page3 = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Embassy of the United States Tokyo, Japan</title></head>
<body bgcolor="#ffffff">
<table width="760"><tr><td><a href="#content">Skip to content</a></td></tr>
<tr><td><img alt="Embassy of the United States - Tokyo, Japan"></td></tr>
<tr><td class="nav"><a href="#">Home</a> | <a href="#">Ambassador</a> | <a href="#">Embassy</a> |
<a href="#">Visas</a> | <a href="#">U.S. Citizen Services</a> | <a href="#">Policy &amp; Issues</a></td></tr>
<tr><td class="crumbs"><a href="#">Home</a> &raquo; <a href="#">Policy &amp; Issues</a> &raquo; Transcripts &amp; Press Releases</td></tr>
<tr><td><a name="content"></a>
<font size="4"><b>{html.escape(title3)}</b></font><br>
<i>March 26, 2014</i><br><br>
{body3}
<br><br>
<a href="#">Back to Top</a> | <a href="#">Print</a>
</td></tr>
<tr><td class="footer">This site is managed by the U.S. Department of State. External links to
other Internet sites should not be construed as an endorsement of the views or privacy policies
contained therein.<br><a href="#">Privacy</a> | <a href="#">Contact Us</a></td></tr></table>
</body></html>
"""
    _write(
        "usembassy-tokyo-2014.html",
        page3.encode("cp1252"),
        {
            "title": title3,
            "date": "2014-03-26",
            "issuer": "Embassy of the United States Tokyo, Japan",
            "language": "en",
            "paragraphs": paragraphs3,
            "chrome": [
                "Skip to content",
                "U.S. Citizen Services",
                "Transcripts & Press Releases",
                "Back to Top",
                "This site is managed",
                "Contact Us",
            ],
        },
    )


# --- United Nations ---------------------------------------------------------------------------


def un() -> None:
    title = (
        "Secretary-General Strongly Condemns Ballistic-Missile Launch by Democratic "
        "People’s Republic of Korea"
    )
    paragraphs = [
        "The following statement was issued today by the Spokesman for UN Secretary-General "
        "António Guterres:",
        "The Secretary-General strongly condemns the launch of another long-range ballistic "
        "missile by the Democratic People’s Republic of Korea.",
        "The Secretary-General reiterates his call on the Democratic People’s Republic of Korea "
        "to comply fully with its international obligations under all relevant Security Council "
        "resolutions, to reopen communication channels and to resume dialogue leading to "
        "sustainable peace and the complete and verifiable denuclearization of the Korean "
        "Peninsula.",
    ]
    page = f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>Secretary-General Strongly Condemns Ballistic-Missile Launch by Democratic People’s Republic of Korea | Meetings Coverage and Press Releases</title>
<meta property="og:site_name" content="UN Press">
</head><body>
<a href="#main-content" class="visually-hidden focusable">Skip to main content</a>
<div class="un-banner"><a href="#">Welcome to the United Nations</a>
<ul class="languages"><li>العربية</li><li>中文</li><li>English</li><li>Français</li><li>Русский</li><li>Español</li></ul></div>
<header><a href="/en"><img alt="United Nations"></a><span>Meetings Coverage and Press Releases</span>
<nav><ul><li><a href="#">Secretary-General</a></li><li><a href="#">General Assembly</a></li>
<li><a href="#">Security Council</a></li><li><a href="#">Economic and Social Council</a></li>
<li><a href="#">Press Briefings</a></li></ul></nav>
<p class="in-progress">In progress at UNHQ</p></header>
<main id="main-content">
<div class="field--name-field-dated">13 April 2023</div>
<div class="field--name-field-symbol">SG/SM/21760</div>
<h1 class="page-header">{html.escape(title)}</h1>
<div class="field--name-body">
{_p(paragraphs)}
<p><strong>For information media. Not an official record.</strong></p>
</div>
<div class="share"><span>Share</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
</main>
<footer><ul><li><a href="#">A-Z Site Index</a></li><li><a href="#">Contact</a></li>
<li><a href="#">Copyright</a></li><li><a href="#">FAQ</a></li><li><a href="#">Fraud Alert</a></li>
<li><a href="#">Privacy Notice</a></li><li><a href="#">Terms of Use</a></li></ul></footer>
</body></html>
"""
    _write(
        "un-sgsm-21760.html",
        page.encode("utf-8"),
        {
            "title": title,
            "date": "2023-04-13",
            "issuer": "United Nations",
            "language": "en",
            "paragraphs": paragraphs,
            "chrome": [
                "Skip to main content",
                "Welcome to the United Nations",
                "In progress at UNHQ",
                "SG/SM/21760",
                "For information media",
                "Fraud Alert",
                "Meetings Coverage",
            ],
        },
    )

    # A Security Council press statement as a permanent mission republished it: <div> paragraphs.
    title2 = "Security Council: Press Statement on Democratic People's Republic of Korea"
    paragraphs2 = [
        "(Security Council press statement on the Democratic People's Republic of Korea, as read "
        "out by the President of the Security Council)",
        "“The Security Council held consultations to address the serious situation and the "
        "concerns arising from the launch using ballistic missile technology by the Democratic "
        "People’s Republic of Korea.",
        "Members of the Security Council condemned this launch, which is a clear violation of "
        "Security Council resolutions 1718 and 1874.",
        "Members of the Security Council recalled that in April 2012 they had demanded that the "
        "DPRK not proceed with any further launch using ballistic missile technology, and had "
        "expressed the Council’s determination to take action accordingly in the event of a "
        "further launch.",
        "Members of the Security Council will continue consultations on an appropriate "
        "response, in accordance with their responsibilities, given the urgency of the "
        "matter.”",
    ]
    page2 = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="iso-8859-1">
<title>Federal Foreign Office - Permanent Mission of Germany to the United Nations</title>
<meta property="og:site_name" content="Permanent Mission of the Federal Republic of Germany to the United Nations">
</head><body>
<ul id="skiplinks"><li><a href="#content">Go to content</a></li><li><a href="#nav">Go to main navigation</a></li></ul>
<div id="nav"><a href="#">Home</a> <a href="#">About us</a> <a href="#">Germany in the Security Council</a>
<a href="#">Statements</a> <a href="#">Press releases</a></div>
<div id="content">
<div class="breadcrumb">You are here: <a href="#">Home</a> &gt; <a href="#">Press releases</a> &gt; 2012</div>
<div class="headline"><h1>{html.escape(title2)}</h1></div>
<div class="date">Dec 12, 2012</div>
<div class="text">
{_p([_entities(p) for p in paragraphs2], "div").replace("&amp;", "&")}
</div>
<div class="copyright">© GermanyUN</div>
<div class="teaser"><h2>Peace and Security</h2><div>Regional conflicts, fragile or collapsed states, armed
conflicts, terrorism and organized crime &ndash; all have grave consequences for the people who suffer
under them.</div><a href="#">Latest on: Non-proliferation ...</a></div>
</div>
<div id="footer"><a href="#">Imprint</a> | <a href="#">Data protection</a> | <a href="#">Sitemap</a></div>
</body></html>
"""
    _write(
        "germany-un-sc-2012.html",
        page2.encode("cp1252"),
        {
            "title": title2,
            "date": "2012-12-12",
            "issuer": "Permanent Mission of the Federal Republic of Germany to the United Nations",
            "language": "en",
            "paragraphs": paragraphs2,
            "chrome": [
                "Go to content",
                "Go to main navigation",
                "You are here",
                "© GermanyUN",
                "Peace and Security",
                "Regional conflicts",
                "Latest on",
                "Imprint",
            ],
        },
    )


# --- A PDF with running headers, page numbers and a paragraph across a page break -------------

SG_2016 = [
    "The Security Council has today taken strong action on one of the most enduring and pressing "
    "peace and security challenges of our time: the nuclear and ballistic missile activities of "
    "the Democratic People’s Republic of Korea. I welcome the unanimous adoption of this new "
    "resolution. Keeping such unity is crucial to tackling the security challenges on the Korean "
    "Peninsula and beyond.",
    "The Council first adopted a resolution on the nuclear issue of the DPRK in 1993. "
    "Twenty-three years and six sanctions resolutions later, the challenge remains.",
    "This time the Council has taken longer than ever before, nearly three months, to respond "
    "to a nuclear test by the DPRK, its fifth. The time it took to agree on this resolution "
    "shows how complex the challenge is.",
    "This year the Council has met nine times in emergency consultations in response to the "
    "nuclear tests and ballistic missile activities of the DPRK, an unprecedented number.",
    "Since January, the DPRK has conducted two nuclear tests and at least 25 launches using "
    "ballistic missile technology, including satellite launches, submarine-launched ballistic "
    "missiles, and medium- and intermediate-range ballistic missiles.",
    "We must assume that with each test or launch the DPRK makes technological advances in its "
    "pursuit of a military nuclear capability. The growing number and the nature of these "
    "activities pose an ever larger threat to regional security and to the global "
    "non-proliferation regime.",
    "Today’s resolution includes the toughest and most comprehensive sanctions regime ever "
    "imposed by the Security Council. It sends the unequivocal message that the DPRK must cease "
    "further provocative actions and comply fully with its international obligations.",
    "Targeted sanctions matter. Security Council sanctions express the clear and unified will of "
    "the international community, and I urge all Member States to implement them fully.",
]


def pdfs() -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    path = HERE / "un-sg-remarks-2016.pdf"
    title = (
        "Secretary-General’s remarks to the Security Council on the Democratic People’s "
        "Republic of Korea"
    )
    pdf = canvas.Canvas(str(path), pagesize=A5, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("United Nations")
    width, height = A5
    # DejaVu for the typographic apostrophe (reportlab's Helvetica lacks nothing here, but a
    # TTF font makes the text extractable the way office suites write it).
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (("Sans", "DejaVuSans.ttf"), ("SansBold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, f"/usr/share/fonts/truetype/dejavu/{file}"))
    margin, leading, size = 40, 14, 10
    page = [1]

    def furniture() -> None:
        pdf.setFont("Sans", 7)
        pdf.drawString(margin, height - 25, "United Nations — Secretary-General — Statements")
        pdf.drawRightString(width - margin, 25, f"Page {page[0]}")
        pdf.drawString(margin, 25, "www.un.org/sg")

    def wrap(text: str, font: str, font_size: int) -> list[str]:
        words, lines, line = text.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, font, font_size) > width - 2 * margin:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line] if line else lines

    furniture()
    y = height - 60
    pdf.setFont("Sans", 9)
    pdf.drawString(margin, y, "New York, 30 November 2016")
    y -= 24
    for line in wrap(title, "SansBold", 12):
        pdf.setFont("SansBold", 12)
        pdf.drawString(margin, y, line)
        y -= 16
    y -= 10
    for paragraph in SG_2016:
        for line in wrap(paragraph, "Sans", size):
            if y < 50:
                pdf.showPage()
                page[0] += 1
                furniture()
                y = height - 60
            pdf.setFont("Sans", size)
            pdf.drawString(margin, y, line)
            y -= leading
        y -= 8
    pdf.save()
    _write_expected(
        "un-sg-remarks-2016",
        {
            "title": title,
            "date": "2016-11-30",
            "issuer": "United Nations",
            "language": "en",
            "paragraphs": SG_2016,
            "chrome": ["United Nations — Secretary-General — Statements", "Page 1", "www.un.org"],
        },
    )
    _bad_pdfs()


def _write_expected(stem: str, expected: dict) -> None:
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _bad_pdfs() -> None:
    """An encrypted PDF and one that is only an image: both must be refused with a reason."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    bad = HERE / "bad"
    bad.mkdir(exist_ok=True)
    reader = PdfReader(HERE / "un-sg-remarks-2016.pdf")
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(bad / "encrypted.pdf", "wb") as handle:
        writer.write(handle)
    pdf = canvas.Canvas(str(bad / "scanned.pdf"), pagesize=A5, invariant=1)
    pdf.setFillGray(0.2)
    for row in range(40):  # a "scan": rectangles, no text at all
        pdf.rect(40, 500 - row * 11, 300 - (row % 5) * 30, 6, stroke=0, fill=1)
    pdf.save()


# --- A pasted text copy: site chrome above the title, paragraphs one per line -----------------


def pasted() -> None:
    title = (
        "Secretary-General Strongly Condemns Launch of Military Satellite Using "
        "Ballistic-Missile Technology by Democratic People’s Republic of Korea"
    )
    paragraphs = [
        "The following statement was issued today by the Spokesman for UN Secretary-General "
        "António Guterres:",
        "The Secretary-General strongly condemns the launch of yet another military satellite "
        "using ballistic missile technology by the Democratic People’s Republic of Korea.",
        "Any launch by the Democratic People’s Republic of Korea using ballistic missile "
        "technology is contrary to the relevant Security Council resolutions.",
        "The Secretary-General reiterates his call on the Democratic People’s Republic of Korea "
        "to comply fully with its international obligations under all relevant Security Council "
        "resolutions and to return to dialogue without preconditions, to achieve sustainable "
        "peace and the complete and verifiable denuclearization of the Korean Peninsula.",
    ]
    chrome_top = [
        "Skip to main content",
        "Welcome to the United Nations",
        "Meetings Coverage and Press Releases",
        "In progress at UNHQ",
        "21 November 2023",
        "SG/SM/22042",
    ]
    text = "\n".join(
        [*chrome_top, title, *paragraphs, "For information media. Not an official record."]
    )
    _write(
        "un-sgsm-22042-pasted.txt",
        (text + "\n").encode("utf-8"),
        {
            "title": title,
            "date": "2023-11-21",
            "issuer": None,
            "language": "en",
            "paragraphs": paragraphs,
            "chrome": [*chrome_top[:4], "SG/SM/22042", "For information media"],
        },
    )

    # The ministry's English commentary as a browser copy gives it: menus above the title,
    # one line per paragraph, the survey below.
    title2, paragraphs2 = MOFA_EN_TITLE, MOFA_EN_PARAGRAPHS
    chrome2 = ["바로가기 메뉴", "본문 바로가기", "주메뉴 바로가기", "검색창 열기", "Press Releases"]
    text2 = "\n".join(
        [*chrome2, title2, "Date : 2017-10-27", "Hit : 3149", *paragraphs2, "Satisfaction survey"]
    )
    _write(
        "mofa-en-pasted.txt",
        (text2 + "\n").encode("utf-8"),
        {
            "title": title2,
            "date": "2017-10-27",
            "issuer": None,
            "language": "en",
            "paragraphs": paragraphs2,
            "chrome": [*chrome2, "Hit : 3149", "Satisfaction survey"],
        },
    )


# --- Held out: written after the rules, scored before any rule was changed for them ----------


def held_out() -> None:
    title = "North Korea missile launch, 1 January 2023: FCDO statement"
    paragraphs = [
        "A Foreign, Commonwealth & Development Office spokesperson said:",
        "North Korea has once again violated UN Security Council Resolutions by launching a "
        "short-range ballistic missile on 1 January.",
        "The UK, alongside our international partners, continues to call on North Korea to "
        "return to dialogue and to put the well-being of its people before the unlawful pursuit "
        "of nuclear and ballistic missile programmes.",
    ]
    page = f"""<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8">
<title>North Korea missile launch, 1 January 2023: FCDO statement - GOV.UK</title>
<meta property="og:site_name" content="GOV.UK">
<meta name="govuk:first-published-at" content="2023-01-03T09:10:00+00:00">
</head><body class="govuk-template__body">
<div id="global-cookie-message" class="gem-c-cookie-banner"><h2>Cookies on GOV.UK</h2>
<p>We use some essential cookies to make this website work.</p>
<p>We’d like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.</p>
<button>Accept additional cookies</button> <button>Reject additional cookies</button> <a href="#">View cookies</a></div>
<a href="#content" class="govuk-skip-link">Skip to main content</a>
<header class="gem-c-layout-super-navigation-header"><a href="/">GOV.UK</a>
<button>Menu</button><button>Search GOV.UK</button></header>
<div class="govuk-width-container">
<div class="gem-c-contextual-breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/world">International</a></li>
<li><a href="#">Foreign affairs</a></li></ol></div>
<main id="content" role="main">
<div class="gem-c-title"><span class="gem-c-title__context">Press release</span>
<h1 class="gem-c-title__text">{html.escape(title)}</h1></div>
<p class="gem-c-lead-paragraph">The Foreign, Commonwealth &amp; Development Office has issued a statement after North Korea launched a ballistic missile.</p>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="#">Foreign, Commonwealth &amp; Development Office</a></dd>
<dt>Published</dt><dd>3 January 2023</dd></dl></div>
<div class="gem-c-share-links"><h2>Share this page</h2><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<div class="govuk-govspeak">
{_p([html.escape(p, quote=False) for p in paragraphs]).replace("&amp;amp;", "&amp;")}
</div>
<div class="gem-c-print-link"><button>Print this page</button></div>
</main>
<div class="gem-c-related-navigation"><h2>Related content</h2><a href="#">UK sanctions relating to North Korea</a>
<h3>Explore the topic</h3><a href="#">Foreign affairs</a></div>
<div class="gem-c-feedback"><h2>Is this page useful?</h2><button>Maybe</button><button>Yes this page is useful</button>
<button>No this page is not useful</button><p>Thank you for your feedback</p><button>Report a problem with this page</button></div>
</div>
<footer class="govuk-footer"><h2>Services and information</h2><a href="#">Benefits</a> <a href="#">Births, death, marriages and care</a>
<p>All content is available under the Open Government Licence v3.0, except where otherwise stated</p>
<p>© Crown copyright</p></footer>
</body></html>
"""
    _write(
        "heldout-govuk-fcdo-2023.html",
        page.encode("utf-8"),
        {
            "held_out": True,
            "title": title,
            "date": "2023-01-03",
            "issuer": "Foreign, Commonwealth & Development Office",
            "language": "en",
            "paragraphs": paragraphs,
            "chrome": [
                "Cookies on GOV.UK",
                "Skip to main content",
                "Press release",
                "From:",
                "Share this page",
                "Print this page",
                "Related content",
                "Is this page useful",
                "Report a problem",
                "Open Government Licence",
                "Crown copyright",
            ],
        },
    )

    title2 = "North Korea missile test launches: Foreign Office statement"
    paragraphs2 = [
        "FCO spokesperson yesterday said:",
        "We are deeply concerned by the repeated launches of ballistic missiles by North Korea, "
        "most recently on 5 August. These are a clear breach of UN Security Council Resolutions "
        "and pose a grave threat to our regional partners and to global security.",
        "We encourage North Korea to engage in meaningful discussions with the United States to "
        "secure complete, verifiable and irreversible denuclearisation. Until this happens, UN "
        "sanctions must be fully enforced by all states.",
    ]
    body2 = "\n".join(f"<p>{_entities(html.escape(p, quote=False))}</p>" for p in paragraphs2)
    page2 = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>WiredGov - North Korea missile test launches: Foreign Office statement</title></head>
<body><table width="100%"><tr><td class="topbar"><a href="#">WiredGov</a> | <a href="#">Log in</a> | <a href="#">Register</a></td></tr></table>
<div class="channel">Wednesday 07 Aug 2019 @ 14:10</div>
<div class="source">Foreign and Commonwealth Office</div>
<div class="printable"><a href="#">Printable version</a></div>
<h1>{html.escape(title2)}</h1>
<p class="standfirst"><b>The Foreign and Commonwealth Office is deeply concerned by the repeated launches of ballistic missiles by North Korea, most recently on 5 August.</b></p>
<div class="article">
{body2}
<h3>Further information</h3>
<p>Media enquiries</p><p>For journalists</p><p>Email</p><p>Newsdesk 020 7008 3100</p>
<p>Channel website: https://www.gov.uk/government/organisations/foreign-commonwealth-office</p>
<p>Original article link: https://www.gov.uk/government/news/north-korea-missile-test-launches-foreign-office-statement</p>
</div>
<div class="share"><a href="#">Share this article</a></div>
<div class="latest"><h3>Latest News from</h3><p>Foreign and Commonwealth Office</p></div>
<div class="ad">Facing the Future...find out more</div>
</body></html>
"""
    _write(
        "heldout-wiredgov-fco-2019.html",
        page2.encode("cp1252"),
        {
            "held_out": True,
            "title": title2,
            "date": "2019-08-07",
            "issuer": "Foreign and Commonwealth Office",
            "language": "en",
            "paragraphs": paragraphs2,
            "chrome": [
                "Printable version",
                "Further information",
                "Media enquiries",
                "Newsdesk",
                "Channel website",
                "Original article link",
                "Share this article",
                "Latest News from",
                "Facing the Future",
            ],
        },
    )

    title3 = (
        "Statement attributable to the Spokesman for the Secretary-General on the DPRK’s "
        "notification of a satellite launch"
    )
    paragraphs3 = [
        "The Secretary-General has seen reports that the Democratic People’s Republic of Korea "
        "(DPRK) has notified several international organizations of its intention to launch a "
        "satellite in the coming weeks.",
        "This is a deeply troubling development, which will further aggravate the profound "
        "concerns that the international community already has after the recent nuclear test.",
        "The Secretary-General calls on the DPRK to refrain from using ballistic missile "
        "technology and to work for peace and stability on the Korean peninsula.",
        "He stands ready to help reduce tensions and facilitate reconciliation and dialogue.",
    ]
    page3 = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Statement attributable to the Spokesman for the Secretary-General on the DPRK’s notification of a satellite launch | United Nations Secretary-General</title>
</head><body>
<div id="skip"><a href="#maincontent">Skip to main content</a></div>
<div id="header"><div class="welcome">Welcome to the United Nations. It's your world.</div>
<ul class="langs"><li>العربية</li><li>中文</li><li>English</li><li>Français</li><li>Русский</li><li>Español</li></ul>
<div class="sg-name">Secretary-General Ban Ki-moon</div></div>
<div id="menu"><a href="#">Home</a> <a href="#">Biography</a> <a href="#">Statements</a> <a href="#">Travels</a></div>
<div id="maincontent">
<div class="place-date">London/New York</div>
<div class="place-date">03 February 2016</div>
<h1>{html.escape(title3)}</h1>
<div class="body">
{_p(paragraphs3)}
</div>
<div class="see-also">Statements on 03 February 2016</div>
</div>
<div id="footer"><a href="#">Copyright</a> | <a href="#">Terms of use</a> | <a href="#">Privacy notice</a> | <a href="#">Site index</a></div>
</body></html>
"""
    _write(
        "heldout-un-sg-2016.html",
        page3.encode("utf-8"),
        {
            "held_out": True,
            "title": title3,
            "date": "2016-02-03",
            "issuer": "United Nations",
            "language": "en",
            "paragraphs": paragraphs3,
            "chrome": [
                "Skip to main content",
                "Welcome to the United Nations",
                "Secretary-General Ban Ki-moon",
                "London/New York",
                "Statements on",
                "Terms of use",
            ],
        },
    )


if __name__ == "__main__":
    mofa_en()
    mofa_ko()
    eeas()
    state()
    un()
    pasted()
    pdfs()
    held_out()
