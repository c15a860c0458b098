# ruff: noqa: E501  (the pages are HTML as sites write it: long lines)
"""Writes four held-out inputs of the import set, in styles the rules were not built on.

Written by the review of issue 12 from real public statements (closely reworded): Japan's
Ministry of Foreign Affairs press release on the launch of 7 February 2016 (numbered paragraphs
inside an ordered list), a North Atlantic Council statement of 8 November 2024 (NATO's page
layout, 'Issued on' and 'Last updated' lines, paragraph numbers that skip because the page
quotes an excerpt), a Korean ministry board page in EUC-KR (바로가기 menus, a board table with
작성일/조회수, 첨부파일, 만족도 조사, 이전글/다음글) and a pasted Korean copy with one line per
paragraph. The figures before any fix are in the review report; run this only to change them:

    python tests/data/import/make_heldout_r1.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _write(name: str, data: bytes, expected: dict) -> None:
    (HERE / name).write_bytes(data)
    stem = name.rsplit(".", 1)[0]
    expected = {"held_out": True, **expected}
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _e(text: str) -> str:
    return html.escape(text, quote=False)


# --- Japan, MOFA English: an <ol> of numbered paragraphs -----------------------------------

JP_TITLE = "Response to the Ballistic Missile Launch by North Korea"
JP_ITEMS = [
    "On the morning of February 7, North Korea launched a ballistic missile it describes as a “satellite”, only weeks after the nuclear test of last month. The launch violates successive resolutions of the United Nations Security Council (UNSC) and the Japan-DPRK Pyongyang Declaration, and runs against the spirit of the 2005 Joint Statement of the Six-Party Talks.",
    "Japan regards this series of provocations by North Korea as totally unacceptable, and lodged a serious protest through the North Korean “Embassy” in Beijing the same morning.",
    "In the evening, Mr. Fumio Kishida, Minister for Foreign Affairs, held telephone talks with the Foreign Ministers of the Republic of Korea (ROK), France, Russia, the United Kingdom, Italy, Malaysia and the United States, and confirmed with each of them that the provocations violate UNSC resolutions and that they will keep coordinating closely.",
    "In the talks with the United States and the ROK, Minister Kishida explained that Japan had decided to go ahead with measures of its own, and both Ministers welcomed this resolute response. He also reaffirmed the importance of security cooperation among the three countries.",
    "At the United Nations, Japan, the United States and the ROK requested an emergency meeting of the Security Council, and Japan will work for a new resolution containing strong measures.",
]
JP_CHROME = [
    "Japanese",
    "Home",
    "Press Releases",
    "Back to Press Releases",
    "Ministry of Foreign Affairs of Japan",
    "Legal Matters",
    "Accessibility",
    "Privacy Policy",
    "Page Top",
]


def jp_page() -> bytes:
    items = "\n".join(f"<li>{_e(t)}</li>" for t in JP_ITEMS)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>MOFA: {_e(JP_TITLE)}</title>
<meta name="description" content="Ministry of Foreign Affairs of Japan">
</head>
<body>
<div id="header">
<p class="skip"><a href="#main">To body text</a></p>
<div id="logo"><a href="/index.html"><img src="/files/logo.png" alt="Ministry of Foreign Affairs of Japan"></a></div>
<ul id="header_nav"><li><a href="/j/">Japanese</a></li><li><a href="/sitemap.html">Sitemap</a></li><li><a href="/about/hoka/contact.html">Contact us</a></li></ul>
<div id="global_nav"><ul><li><a href="/policy/">Foreign Policy</a></li><li><a href="/region/">Countries &amp; Regions</a></li><li><a href="/press/">Press Room</a></li></ul></div>
</div>
<div id="pankuzu"><ol><li><a href="/index.html">Home</a></li><li>&gt;<a href="/press/">Press Room</a></li><li>&gt;<a href="/press/release/index.html">Press Releases</a></li></ol></div>
<div id="main">
<div id="maincontents">
<p class="title2">Press Releases</p>
<h1 class="title1">{_e(JP_TITLE)}</h1>
<p class="rightalign">February 7, 2016</p>
<div class="main-text">
<ol>
{items}
</ol>
</div>
<p class="rightalign"><a href="/press/release/index.html">Back to Press Releases</a></p>
</div>
</div>
<div id="footer">
<p class="pagetop"><a href="#header">Page Top</a></p>
<ul><li><a href="/legal.html">Legal Matters</a></li><li><a href="/accessibility.html">Accessibility</a></li><li><a href="/privacy.html">Privacy Policy</a></li></ul>
<address>Ministry of Foreign Affairs of Japan, 2-2-1 Kasumigaseki, Chiyoda-ku, Tokyo 100-8919</address>
</div>
</body>
</html>
"""
    return page.encode("utf-8")


# --- NATO: a North Atlantic Council statement, an excerpt with its own numbers -------------

NATO_TITLE = "Statement by the North Atlantic Council on the deployment of DPRK troops to Russia"
NATO_PARAS = [
    "1. NATO Allies strongly condemn the decisions of the leaders of the Russian Federation and the Democratic People’s Republic of Korea (DPRK) to widen dangerously Russia’s unprovoked war of aggression against Ukraine.",
    "2. On top of the substantial support the DPRK already gives Russia’s war effort, with millions of rounds of ammunition and ballistic missiles, the deployment of thousands of DPRK combat troops is a dangerous expansion of that support.",
    "4. The deepening military cooperation between Russia and the DPRK has a profound impact on Euro-Atlantic security and implications for the Indo-Pacific. It breaches numerous resolutions of the UN Security Council, among them 1718 (2006), 1874 (2009) and 2270 (2016).",
    "5. We urge all countries not to give any kind of assistance to Russia’s aggression, and we condemn all those who facilitate and thereby prolong Russia’s illegal war against Ukraine.",
]
NATO_CHROME = [
    "Skip to main content",
    "Press Release (2024) 170",
    "Issued on",
    "Last updated",
    "Share this page",
    "Related",
    "NATO Topics",
    "Follow us",
    "Contact",
]


def nato_page() -> bytes:
    body = "\n".join(f"<p>{_e(p)}</p>" for p in NATO_PARAS)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NATO - Official text: {_e(NATO_TITLE)}, 08-Nov.-2024</title>
<meta property="og:title" content="NATO - Official text: {_e(NATO_TITLE)}, 08-Nov.-2024">
<meta property="og:site_name" content="NATO">
<meta name="keywords" content="DPRK; Russia; Ukraine">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="nato-top"><a href="/cps/en/natohq/index.htm">NATO</a>
<ul class="nato-menu"><li>About us</li><li>News &amp; Events</li><li>NATO Topics</li><li>Media Centre</li></ul></div>
<div id="main" class="content">
<div class="article">
<div class="tags-list"><span>Official text</span></div>
<h1 class="fs-huge">{_e(NATO_TITLE)}</h1>
<div class="meta-data">
<p>Press Release (2024) 170</p>
<p>Issued on 08 Nov. 2024</p>
<p class="last-updated">Last updated: 11 Nov. 2024 09:12</p>
</div>
<div class="content-text">
{body}
</div>
<div class="sharethis"><p>Share this page:</p><a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a></div>
</div>
<div class="right-column"><h3>Related</h3><ul><li><a href="#">NATO Topics: Relations with partners in the Indo-Pacific region</a></li></ul></div>
</div>
<div class="footer"><p>Follow us</p><p>Contact</p><p>NATO, Boulevard Léopold III, 1110 Brussels, Belgium</p></div>
</body>
</html>
"""
    return page.encode("utf-8")


# --- Korea, MOFA board page in EUC-KR --------------------------------------------------------

KR_TITLE = "북한 김여정 노동당 부부장 담화에 대한 외교부 대변인 논평"
KR_PARAS = [
    "1. 북한은 국제사회의 대화 제의를 거부하면서 전례 없는 빈도로 도발을 계속하고 있으며, 최근 아세안까지 비판적 입장을 내놓자 변명의 필요를 느낀 것으로 보인다.",
    "2. 지난 30년간 여러 차례 비핵화에 합의하고 다양한 상응 조치를 받았음에도, 뒤에서 핵·미사일 능력을 기만적으로 늘리며 합의를 깨 온 북한의 행태를 지적하지 않을 수 없다.",
    "3. 북한은 확장억제 강화와 한미 연합훈련 같은 우리의 정당한 방어 조치를 핵 개발과 도발의 구실로 선전하지만, 과거 연합훈련을 중단하거나 축소했을 때에도 핵 개발을 멈추지 않았다.",
    "4. ‘완전하고 불가역적인 비핵화’는 유엔 안보리가 열한 차례 만장일치로 북한에 부과한 국제법상 의무로서 북한에게 선택의 여지는 없다. 북한은 핵·미사일 개발과 도발을 즉각 중단하고 비핵화 대화에 복귀해야 한다.",
]
KR_CHROME = [
    "바로가기 메뉴",
    "본문 바로가기",
    "주메뉴 바로가기",
    "검색창 열기",
    "홈 > 언론 보도",
    "상세보기",
    "작성일",
    "조회수",
    "첨부파일",
    "이전글",
    "다음글",
    "만족하십니까",
    "매우만족",
    "개인정보처리방침",
    "사직로8길",
]


def kr_board_page() -> bytes:
    body = "<br><br>\n".join(_e(p) for p in KR_PARAS)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="ko" xml:lang="ko">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr" />
<title>외교부 - 대변인 논평 - 상세보기</title>
</head>
<body>
<ul id="accessibility">
<li><a href="#contents">바로가기 메뉴</a></li>
<li><a href="#contents">본문 바로가기</a></li>
<li><a href="#gnb">주메뉴 바로가기</a></li>
</ul>
<div id="top"><h1 class="logo"><a href="/www/index.do"><img src="/images/logo.gif" alt="외교부" /></a></h1>
<div class="search_box"><a href="#">검색창 열기</a></div>
<ul id="gnb"><li>외교정책</li><li>국가/지역</li><li>재외국민</li><li>언론 보도</li></ul></div>
<div id="sub_contents">
<div class="location">홈 &gt; 언론 보도 &gt; 대변인 논평</div>
<h3 class="sub_title">대변인 논평</h3>
<div id="contents">
<table class="bbs_view" summary="게시물 상세">
<tr><th scope="row">제목</th><td class="subject">{_e(KR_TITLE)}</td></tr>
<tr><th scope="row">작성일</th><td>2023.07.18</td><th scope="row">조회수</th><td>2,417</td></tr>
<tr><td colspan="4" class="view_con">
{body}
<br><br>
끝.
</td></tr>
<tr><th scope="row">첨부파일</th><td colspan="3"><a href="#">230718 대변인 논평.hwp</a></td></tr>
</table>
<table class="bbs_prevnext">
<tr><th>이전글</th><td><a href="#">제10차 한-아세안 외교장관회의 결과</a></td></tr>
<tr><th>다음글</th><td><a href="#">한미 핵협의그룹 출범회의 개최</a></td></tr>
</table>
<div class="btn_area"><a href="#">목록</a></div>
<div class="research">
<p>이 페이지에서 제공하는 정보에 대하여 만족하십니까?</p>
<p>매우만족 만족 보통 불만족 매우불만족</p>
<a href="#">평가하기</a>
</div>
</div>
</div>
<div id="footer"><p><a href="#">개인정보처리방침</a> | <a href="#">저작권정책</a></p>
<address>(03172) 서울특별시 종로구 사직로8길 60 외교부</address></div>
</body>
</html>
"""
    return page.encode("euc-kr")


# --- A pasted Korean copy: one line per paragraph, menus above and below -------------------

KP_TITLE = "북한의 장거리 미사일 발사에 대한 외교부 대변인 성명"
KP_PARAS = [
    "북한이 오늘 국제사회의 거듭된 경고에도 불구하고 인공위성이라 주장하는 장거리 미사일을 발사한 것은 탄도미사일 기술을 이용한 모든 발사를 금지한 유엔 안보리 결의를 명백히 위반한 것이다.",
    "이번 발사는 지난 1월 핵실험에 이어 한반도와 지역, 그리고 국제사회의 평화와 안정에 대한 심각한 도발로서, 정부는 이를 강력히 규탄한다.",
    "정부는 안보리를 비롯한 국제사회와 긴밀히 협력하여 북한이 도발에 상응하는 대가를 치르도록 강력한 조치를 취해 나갈 것이다.",
    "북한은 국제사회의 엄중한 경고를 직시하고 추가 도발을 즉각 중단해야 한다.",
]


def kr_pasted() -> bytes:
    lines = [
        "바로가기 메뉴",
        "본문 바로가기",
        "주메뉴 바로가기",
        "검색창 열기",
        "언론 보도",
        "보도자료",
        KP_TITLE,
        "작성일 2016-02-07 조회수 3,102",
        *KP_PARAS,
        "끝.",
        "첨부파일 160207 성명.hwp",
        "이전글 제1차 한-중 외교차관 전략대화 개최",
        "다음글 외교부 장관, 미국 국무장관과 통화",
        "이 페이지에서 제공하는 정보에 대하여 만족하십니까?",
        "매우만족",
        "만족",
        "보통",
        "불만족",
        "매우불만족",
        "(03172) 서울특별시 종로구 사직로8길 60 외교부",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    _write(
        "heldout-mofa-jp-2016.html",
        jp_page(),
        {
            "title": JP_TITLE,
            "date": "2016-02-07",
            "issuer": "Ministry of Foreign Affairs of Japan",
            "language": "en",
            "paragraphs": [f"{n}. {t}" for n, t in enumerate(JP_ITEMS, start=1)],
            "chrome": JP_CHROME,
        },
    )
    _write(
        "heldout-nato-nac-2024.html",
        nato_page(),
        {
            "title": NATO_TITLE,
            "date": "2024-11-08",
            "issuer": "NATO",
            "language": "en",
            "paragraphs": NATO_PARAS,
            "chrome": NATO_CHROME,
        },
    )
    _write(
        "heldout-mofa-kr-board-euckr.html",
        kr_board_page(),
        {
            "title": KR_TITLE,
            "date": "2023-07-18",
            "issuer": "외교부",
            "language": "ko",
            "paragraphs": KR_PARAS,
            "chrome": KR_CHROME,
        },
    )
    _write(
        "heldout-mofa-kr-pasted.txt",
        kr_pasted(),
        {
            "title": KP_TITLE,
            "date": "2016-02-07",
            "issuer": None,
            "language": "ko",
            "paragraphs": KP_PARAS,
            "chrome": KR_CHROME,
        },
    )


if __name__ == "__main__":
    main()
