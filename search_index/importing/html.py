"""Saved web pages: the statement's heading, date and paragraphs, without the site.

trafilatura finds the article body; the rules here prepare the page for it (layout tables,
paragraphs made of <br><br>, elements every site marks as furniture) and choose the title:
the heading right above the body, not the <title>, which names the site or its section.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..corpus.cleaning import clean_text
from .chrome import is_chrome, is_sentence, strip_chrome
from .metadata import detect_language, find_date, iso_date
from .model import Article, Refused

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ALIASES = {
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BR_RUN = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "label",
    "object",
)
_DROP_TOKENS = {
    "skip",
    "skipnav",
    "skiplinks",
    "nav",
    "gnb",
    "lnb",
    "menu",
    "breadcrumb",
    "crumbs",
    "location",
    "share",
    "sns",
    "social",
    "tags",
    "tag",
    "file",
    "files",
    "attach",
    "attachment",
    "survey",
    "satisfaction",
    "cookie",
    "banner",
    "footer",
    "related",
    "pager",
    "prev",
    "next",
    "print",
    "copyright",
    "teaser",
    "contact",
    "contacts",
    "util",
    "logo",
    "btn",
    "sidebar",
    "hidden",
    "languages",
}
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_SUMMARY_CLASSES = ("lead-paragraph", "standfirst", "field--name-field-summary")
"""A web team's summary above the statement (GOV.UK's lead paragraph): not its text."""
_HEADING_TOKENS = {"title", "tit", "head", "headline", "subject", "heading"}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "date",
    "dc.date",
    "dcterms.date",
    "dc.date.issued",
    "pubdate",
    "publishdate",
    "citation_date",
)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page as text, in the charset its server or its <meta> declares (EUC-KR read as
    its superset CP949, Latin-1 as CP1252, as browsers do); UTF-8 when none is declared."""
    head = data[:8192]
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) * 0.05:
        raise Refused("binary data, not an HTML page")
    if data.startswith(b"\xef\xbb\xbf"):
        declared = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        declared = "utf-16"
    match = _CHARSET.search(data[:4096])
    names = [n for n in (declared, match.group(1).decode("ascii") if match else None) if n]
    for name in [*names, "utf-8"]:
        encoding = _ALIASES.get(name.lower(), name.lower())
        try:
            return clean_text(data.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    return clean_text(data.decode("cp1252", "replace"))


def _tokens(element: Any) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return {t.lower() for t in _TOKEN_SPLIT.split(names) if t}


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _prepare(tree: Any) -> None:
    """Furniture out, layout tables to blocks: what trafilatura then reads is the article
    with its heading and date lines."""
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.getparent() is None:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        summary = any(name in names for name in _SUMMARY_CLASSES)
        if element.tag in _DROP_TAGS or _tokens(element) & _DROP_TOKENS or summary:
            if element.tag in ("header",) and _has_main_heading(element):
                continue
            element.drop_tree()
    for block in list(tree.iter("div", "td", "section", "article", "body", "span")):
        # '<div>first<br><br>second' became '<div>first<p>second': the first one a <p> too.
        if (block.text or "").strip() and any(child.tag == "p" for child in block):
            lead = block.makeelement("p", {})
            lead.text, block.text = block.text, None
            block.insert(0, lead)
    for table in list(tree.iter("table")):
        if any(len(_text(cell)) > 200 for cell in table.iter("td", "th")):
            for part in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                part.tag = "div"
    for numbered in list(tree.iter("ol")):
        _number_items(numbered)


def _number_items(numbered: Any) -> None:
    """An <ol> of paragraphs as paragraphs that keep their numbers ('3. ...'), the way the
    page shows them (start= and value= honoured): 'para. 3' must stay paragraph 3."""
    try:
        number = int(numbered.get("start") or 1)
    except ValueError:
        number = 1
    for item in numbered:
        if item.tag != "li":
            continue
        value = (item.get("value") or "").strip()
        number = int(value) if value.isdigit() else number
        target = item
        if not (item.text or "").strip() and len(item) and item[0].tag in ("p", "div", "span"):
            target = item[0]
        target.text = f"{number}. " + (target.text or "").lstrip()
        item.tag = "p"
        number += 1
    numbered.tag = "div"


def _has_main_heading(element: Any) -> bool:
    """A <header> that holds the article's <h1> (an HTML5 article header) is kept."""
    return any(True for _ in element.iter("h1")) and element.getparent().tag != "body"


def _is_heading(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("h1", "h2", "h3", "h4") or _tokens(element) & _HEADING_TOKENS:
        return True
    if tag in ("b", "strong", "font"):
        text = _text(element)
        return 10 <= len(text) <= 300 and not text.endswith(".")
    return False


def _heading_above(tree: Any, first: str) -> str | None:
    """The last heading before the element holding the body's first words."""
    probe = " ".join(first.split())[:30]
    heading = None
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        own = " ".join((element.text or "").split())
        if probe and own.startswith(probe[: max(10, len(own[:30]))]) and probe.startswith(own[:30]):
            return heading
        if _is_heading(element):
            text = _text(element)
            if 5 <= len(text) <= 400 and not is_chrome(text) and probe not in text:
                heading = text
    return None


_PUBLISHED = re.compile(r"(date|published|issued|created)", re.I)
_NOT_PUBLISHED = re.compile(r"(modified|updated|expires|review)", re.I)


def _meta_date(tree: Any) -> str | None:
    """The publication date a <meta> gives: the usual names first, then any name that says
    published or date (govuk:first-published-at), never a modification date."""
    found = iso_date(_meta(tree, *_DATE_META))
    if found:
        return found
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if _PUBLISHED.search(key) and not _NOT_PUBLISHED.search(key):
            found = iso_date(element.get("content"))
            if found:
                return found
    return None


def _meta(tree: Any, *names: str) -> str | None:
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").lower()
        if key in names and element.get("content", "").strip():
            return element.get("content").strip()
    return None


def read_html(data: bytes, source: str, declared: str | None = None) -> Article:
    """The statement in a saved page (bytes as saved or served; `declared` is the charset of
    the server's Content-Type, if any)."""
    try:
        import lxml.html
        import trafilatura
    except ImportError:  # pragma: no cover - both are dependencies
        raise Refused("reading web pages needs trafilatura (pip install trafilatura)") from None
    text = decode_html(data, declared)
    if "<" not in text or not re.search(r"<\s*(html|body|p|div|h\d|br|table)\b", text, re.I):
        raise Refused("not an HTML page: no HTML elements in it")
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        tree = lxml.html.document_fromstring(_BR_RUN.sub("\n<p>", text))
    except Exception as error:
        raise Refused(f"broken HTML: {' '.join(str(error).split())[:80]}") from None
    original = copy.deepcopy(tree)
    _prepare(tree)
    result = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=source if "://" in source else None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
    )
    body_text = getattr(result, "text", None) or ""
    lines = [" ".join(line.split()) for line in body_text.split("\n")]
    lines = [
        line.lstrip("-•· ").strip() if line.startswith(("- ", "• ")) else line
        for line in lines
        if line
    ]
    if not lines:
        raise Refused("no article text found in the page")
    # The first sentence of the body, not a heading trafilatura kept above it.
    long_lines = [line for line in lines if len(line) > 40 and not is_chrome(line)]
    first_prose = next((line for line in long_lines if is_sentence(line)), None) or next(
        iter(long_lines), None
    )
    heading = _heading_above(tree, first_prose) if first_prose else None
    title = heading or _meta(original, "og:title") or getattr(result, "title", None)
    if not title:
        raise Refused("no title: the page has no heading above its text")
    paragraphs = strip_chrome(lines, title)
    if not paragraphs:
        raise Refused("no article text found in the page")
    date = (
        _meta_date(original)
        or _time_element(original)
        or _date_near(tree, title)
        or iso_date(getattr(result, "date", None))
    )
    return Article(
        title=clean_text(" ".join(title.split())),
        paragraphs=paragraphs,
        date=date,
        issuer=_issuer(original, result, title),
        language=detect_language(" ".join(paragraphs), original.get("lang")),
    )


def _time_element(tree: Any) -> str | None:
    for element in tree.iter("time"):
        found = iso_date(element.get("datetime")) or find_date(_text(element))
        if found:
            return found
    return None


def _date_near(tree: Any, title: str) -> str | None:
    """A date line right above or below the heading ('Date : 2017-10-27', '02.07.2024'),
    never the heading itself ('North Korea missile launch, 1 January 2023: ...')."""
    body = tree.find("body")
    texts = [" ".join(t.split()) for t in (body if body is not None else tree).itertext()]
    texts = [t for t in texts if t]
    wanted = " ".join(title.split())
    at = next((i for i, t in enumerate(texts) if t == wanted), None)
    if at is None:
        return None
    for t in texts[at + 1 : at + 8] + texts[max(0, at - 4) : at][::-1]:
        if len(t) <= 60 and wanted not in t:
            found = find_date(t)
            if found:
                return found
    return None


_ORGANISATION = re.compile(
    r"\b(ministry|department|office|embassy|mission|council|nations|government|service|"
    r"commission|secretariat|agency|union|organi[sz]ation|presidency|cabinet)\b"
    r"|(부|처|청|원|위원회|대사관|대표부|정부)$",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")


def _issuer(tree: Any, result: Any, title: str) -> str | None:
    """The organisation: the page's declared site name; else the first name that reads as
    one (a ministry, a council, '외교부') among the parts of <title> that are not the
    statement's title, the logo's text and trafilatura's site name; else an acronym; else
    the first of those parts of <title>."""
    name = _meta(tree, "og:site_name", "application-name")
    if name:
        return clean_text(" ".join(name.split()))
    heading = tree.find(".//title")
    page_title = _text(heading) if heading is not None else ""
    parts = [p.strip() for p in re.split(r"\s[-|–—]\s|:\s", page_title) if p.strip()]
    wanted = title.lower()
    parts = [p for p in parts if p.lower() not in wanted and wanted not in p.lower()]
    logos = [
        " ".join((image.get("alt") or "").split())
        for element in tree.iter()
        if isinstance(element.tag, str) and "logo" in _tokens(element)
        for image in element.iter("img")
    ]
    sitename = getattr(result, "sitename", None) or ""
    candidates = [c for c in (*parts, *logos, " ".join(sitename.split())) if 2 <= len(c) <= 120]
    for test in (_ORGANISATION.search, _ACRONYM.match):
        found = next((c for c in candidates if test(c)), None)
        if found:
            return clean_text(found)
    return clean_text(parts[0]) if parts else None
