"""The analyst's notes on passages, kept per corpus in the user's data folder.

files (atomic writes of the user's own files, also used by reports) -> notebook (Note,
NoteBook: one JSON file per corpus, keyed by passage id and a hash of the passage text).
"""

from .files import atomic_write_text
from .notebook import Note, NoteBook, NotesDamaged, corpus_key, text_hash

__all__ = ["Note", "NoteBook", "NotesDamaged", "atomic_write_text", "corpus_key", "text_hash"]
