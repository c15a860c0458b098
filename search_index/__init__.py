"""The xref-reader engine: corpus, analysis, search index and cross-references.

Never imports Textual: everything here is usable from scripts, tests and the command line.
"""

from . import deferred_imports

deferred_imports.install()  # before anything imports Whoosh

from .corpus import (  # noqa: E402
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
