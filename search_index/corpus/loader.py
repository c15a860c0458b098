"""Loading a corpus from files and folders: every readable document, every problem reported.

Loading never raises for a bad file: each one becomes a Problem with its path, line and
reason, and the good documents still load.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Corpus, Document, DocumentError, Problem
from .parsing import load_document, os_reason

if TYPE_CHECKING:
    from .cache import DocumentCache

DOCUMENT_SUFFIXES = (".md", ".txt")
IMPORTABLE_SUFFIXES = (".html", ".htm", ".pdf")
"""Files a user keeps beside documents expecting them read: reported, never skipped silently."""
OFFICE_SUFFIXES = (".docx", ".doc", ".odt")


def not_a_document(name: str) -> str | None:
    """Why a file named like a page, a PDF or a word-processor file is not read, or None."""
    lowered = name.lower()
    if lowered.endswith(IMPORTABLE_SUFFIXES):
        return "not a document: use xref import to make one from it"
    if lowered.endswith(OFFICE_SUFFIXES):
        return "not a document: save it as PDF or HTML, then use xref import"
    return None


def find_document_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every .md and .txt file below a folder, sorted; hidden entries and link loops skipped."""
    files, problems = _document_files(folder)
    return [Path(f) for f in files], problems


def _child(root: str, name: str) -> str:
    """str(Path(root) / name), without making a Path: a warm load of 4,000 files spent more
    on making Paths than on anything else. `name` "" gives the prefix of every name."""
    if root == ".":
        return name
    return root + name if root.endswith(os.sep) else root + os.sep + name


def _document_files(folder: Path) -> tuple[list[str], list[Problem]]:
    """find_document_files, the files as strings.

    A walk with its own stack, not os.walk: os.walk recurses once per level (Python 3.11), so
    1,000 nested folders raised RecursionError and lost every document of the corpus."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    stack = [str(folder)]
    while stack:
        root = stack.pop()
        try:
            info = os.stat(root)
        except OSError as error:
            problems.append(Problem(root, os_reason(error)))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            # A link back to a folder above is a loop (reported); a second link to a folder
            # read elsewhere is just another way in (its files are already loaded).
            real, parent = os.path.realpath(root), os.path.realpath(os.path.dirname(root))
            if parent == real or parent.startswith(real.rstrip(os.sep) + os.sep):
                problems.append(Problem(root, "symbolic link loop: folder already read"))
            continue
        seen.add(key)
        try:
            entries = _listing(root)
        except OSError as error:
            problems.append(Problem(str(error.filename or root), os_reason(error)))
            continue
        folders = sorted(name for name, is_dir in entries if is_dir)
        prefix = _child(root, "")
        for name in sorted(name for name, is_dir in entries if not is_dir):
            if name.lower().endswith(DOCUMENT_SUFFIXES):
                files.append(prefix + name)
            elif reason := not_a_document(name):
                problems.append(Problem(os.path.join(root, name), reason))
        stack.extend(os.path.join(root, name) for name in reversed(folders))
    return files, problems


def _listing(root: str) -> list[tuple[str, bool]]:
    """(name, is a folder, links followed) of each entry not hidden; OSError if unreadable."""
    with os.scandir(root) as entries:
        out = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            out.append((entry.name, is_dir))
        return out


def _is_dir(path: Path) -> bool:
    """Path.is_dir, except that any OSError (name too long, permission) means 'read it as a
    file', so load_document reports the reason instead of load_corpus raising."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def load_corpus(paths: Sequence[Path | str], *, cache: bool = True) -> Corpus:
    """Load every readable document from files and folders; collect problems, never raise.

    With `cache`, documents parsed by an earlier run and unchanged since are taken from the
    private cache (search_index.corpus.cache) instead of being read again; when every file
    is as the last load found it, the corpus makes its documents only when asked for."""
    # Imported here, not above: json and tempfile would add 5 ms to importing the engine.
    from .cache import DocumentCache, Summary, stats_digest

    remembered = DocumentCache.for_paths([Path(p) for p in paths]) if cache else None
    problems: list[Problem] = []
    folders: list[Path] = []
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            folders.append(path)
            found, walk_problems = _document_files(path)
            files.extend(found)
            problems.extend(walk_problems)
        else:
            files.append(str(path))
    infos = [_stat_or_none(path) for path in files]
    if remembered is not None:
        warm = remembered.warm(files, infos)
        if warm is not None:
            source, file_problems = warm
            problems.extend(Problem(*problem) for problem in file_problems)
            return Corpus(problems=problems, folders=folders, source=source)
    walked = len(problems)
    documents, by_id, complete = _read_files(files, infos, remembered, problems)
    corpus = Corpus(documents, problems, folders)
    if remembered is not None:
        summary = None
        if complete:
            index = {path: i for i, path in enumerate(files)}
            summary = Summary(
                stats_digest(files, infos),
                files,
                [(p.path, p.message, p.line) for p in problems[walked:]],
                [(d.id, index[by_id[d.id]]) for d in corpus.documents],
                len(corpus),
                corpus.digest,
            )
        remembered.save(summary)
    return corpus


def _read_files(
    files: Sequence[str],
    infos: Sequence[os.stat_result | None],
    remembered: DocumentCache | None,
    problems: list[Problem],
) -> tuple[list[Document], dict[str, str], bool]:
    """The documents of the files (their problems added to `problems`), the file of each
    document id, and whether the result holds for as long as the files keep their stat (no
    file that could not be read this time or cannot be remembered)."""
    documents: list[Document] = []
    by_id: dict[str, str] = {}
    seen_files: set[object] = set()
    complete = True
    for path, info in zip(files, infos, strict=True):
        # The same file reached twice (a link, two --texts) is read once; by inode, as
        # realpath costs a stat per path component.
        key: object = (info.st_dev, info.st_ino) if info else os.path.realpath(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        if reason := not_a_document(os.path.basename(path)):
            problems.append(Problem(path, reason))
            continue
        found = remembered.get(path, info) if remembered is not None and info else None
        if isinstance(found, tuple):
            problems.append(Problem(path, found[0], found[1]))
            continue
        try:
            document = found or load_document(Path(path))
        except DocumentError as error:
            problems.append(Problem(path, error.message, error.line))
            if remembered is not None and info is not None:
                remembered.put_problem(path, info, error.message, error.line)
            complete = complete and info is not None
            continue
        except (OSError, RecursionError, MemoryError) as error:
            problems.append(Problem(path, f"cannot be read: {type(error).__name__}"))
            complete = False
            continue
        if remembered is not None and info is not None and found is None:
            remembered.put_document(path, info, document)
        if document.id in by_id:
            problems.append(
                Problem(
                    path,
                    f"duplicate id {document.id!r}: already used by {by_id[document.id]}",
                    document.id_line,
                )
            )
            continue
        by_id[document.id] = path
        documents.append(document)
    return documents, by_id, complete


def _stat_or_none(path: str) -> os.stat_result | None:
    """A regular file's stat (the cache key), or None: anything else is read to say why."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def bundled_texts_dir() -> Path:
    """The statements shipped with the package: search_index/bundled_texts in a wheel
    (pyproject force-includes texts/ there), texts/ beside the package in a source checkout."""
    package = Path(__file__).resolve().parents[1]  # search_index/, above corpus/
    for candidate in (package / "bundled_texts", package.parent / "texts"):
        if candidate.is_dir():
            return candidate
    return package / "bundled_texts"


def files_named(folders: Iterable[Path], name: str) -> list[Path]:
    """The file `name` in each folder, in order, the same file once: where a corpus's
    aliases.yaml and themes.yaml are looked up (they need not exist)."""
    files: list[Path] = []
    for folder in folders:
        candidate = folder / name
        if candidate.resolve() not in {f.resolve() for f in files}:
            files.append(candidate)
    return files
