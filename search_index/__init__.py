"""The xref-reader engine: corpus, analysis, search index and cross-references.

Never imports Textual: everything here is usable from scripts, tests and the command line.
"""

from .corpus import (
    Corpus,
    Document,
    DocumentError,
    Passage,
    Problem,
    bundled_texts_dir,
    load_corpus,
    load_document,
)

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Document",
    "DocumentError",
    "Passage",
    "Problem",
    "__version__",
    "bundled_texts_dir",
    "load_corpus",
    "load_document",
]
