"""The corpus: documents read from files, cleaned, split into passages, remembered between runs.

cleaning (text made safe) -> model (Passage, Document, Corpus, Problem) -> parsing (one file)
-> loader (files and folders); cache remembers parsed files for the loader.
"""

from .loader import (
    DOCUMENT_SUFFIXES,
    bundled_texts_dir,
    files_named,
    find_document_files,
    load_corpus,
)
from .model import Corpus, Document, DocumentError, Passage, Problem
from .parsing import decode_document, id_from_stem, load_document, parse_document

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Corpus",
    "Document",
    "DocumentError",
    "Passage",
    "Problem",
    "bundled_texts_dir",
    "decode_document",
    "files_named",
    "find_document_files",
    "id_from_stem",
    "load_corpus",
    "load_document",
    "parse_document",
]
