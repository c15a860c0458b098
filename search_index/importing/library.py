"""The library folder: one document file per imported statement, written atomically, the
same source always the same file."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..corpus.cleaning import clean_text
from ..paths import library_dir
from ..yamlfile import YamlError, load_yaml
from .ids import document_id, free_id
from .model import Article

__all__ = ["Library", "Saved", "library_dir"]


@dataclass
class Saved:
    id: str
    path: Path
    status: str  # "created", "updated" or "unchanged"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar written by yaml itself: any title (colons, quotes, '#',
    '---', line separators) reads back as written. A file name's undecodable bytes
    (surrogates, which UTF-8 cannot hold) become U+FFFD."""
    try:
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate of no file name
        value = re.sub("[\ud800-\udfff]", "\ufffd", value)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=1 << 30)
    return dumped.removesuffix("\n").removesuffix("...").rstrip("\n")


def render(article: Article, doc_id: str) -> str:
    """The document file: front matter as the README describes, then one paragraph each."""
    front = [f"id: {doc_id}", f"title: {_quoted(article.title)}"]
    if article.issuer:
        front.append(f"issuer: {_quoted(article.issuer)}")
    if article.date:
        front.append(f"date: {_quoted(article.date)}")
    if article.source:
        front.append(f"source: {_quoted(article.source)}")
    front.append(f"language: {article.language or 'en'}")
    return "---\n" + "\n".join(front) + "\n---\n\n" + _body(article) + "\n"


def _body(article: Article) -> str:
    paragraphs = [" ".join(clean_text(p).split()) for p in article.paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def _fingerprint(title: str, body: str) -> str:
    """The same statement whatever its source (a saved copy and its URL): title and text."""
    return hashlib.sha256(
        " ".join(f"{title}\n{body}".split()).encode("utf-8", "replace")
    ).hexdigest()


class Library:
    """The documents of a folder by id and by source, read once; writes keep both current."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_source: dict[str, tuple[str, Path]] = {}
        self.by_text: dict[str, tuple[str, Path]] = {}
        self.ids: set[str] = set()
        if folder.is_dir():
            for path in sorted(folder.glob("*.md")):
                self._remember(path)

    def _remember(self, path: Path) -> None:
        try:
            whole = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        match = re.match(r"---\n(.*?)\n---\n", whole[:32768], re.S)
        meta = {}
        if match:
            try:
                meta = load_yaml(match.group(1)) or {}
            except YamlError:
                meta = {}
        if not isinstance(meta, dict):
            meta = {}
        doc_id = str(meta.get("id") or path.stem)
        self.ids.add(doc_id)
        source = meta.get("source")
        if isinstance(source, str):
            self.by_source.setdefault(source, (doc_id, path))
        title = meta.get("title")
        if match and isinstance(title, str):
            key = _fingerprint(title, whole[match.end() :].strip())
            self.by_text.setdefault(key, (doc_id, path))

    def save(self, article: Article) -> Saved:
        """Write the article: over the document of the same source if there is one, else
        under a new id from its title and date that no other document has."""
        known = self.by_source.get(article.source or "")
        if not known:
            same = self.by_text.get(_fingerprint(article.title, _body(article)))
            if same:  # the statement is there already, read from another copy of it
                return Saved(same[0], same[1], "unchanged")
        if known:
            doc_id, path = known
        else:
            doc_id = free_id(document_id(article.title, article.date, article.source), self.ids)
            path = self.folder / f"{doc_id}.md"
        text = render(article, doc_id)
        try:
            if path.read_text(encoding="utf-8") == text:
                return Saved(doc_id, path, "unchanged")
        except OSError:
            pass
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, text)
        self.ids.add(doc_id)
        if article.source:
            self.by_source[article.source] = (doc_id, path)
        self.by_text[_fingerprint(article.title, _body(article))] = (doc_id, path)
        return Saved(doc_id, path, "updated" if known else "created")


def _write_atomic(path: Path, text: str) -> None:
    """Temp file in the same folder, flushed, then renamed: never a half-written document."""
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as any file the user saves, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
