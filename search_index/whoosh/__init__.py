"""Everything that touches Whoosh, behind a small surface, so a change of engine touches one
package.

The rest of the engine speaks in passages, analysers and plain Python values; these modules
turn them into a Whoosh schema, index, query tree and ranked document numbers. In the order
the data flows:

- schema: the analyser fed to Whoosh, the fields, how a pattern word is folded
- writer: builds an index from passage rows (with the two files below)
- surface_words: the words as written, for prefixes and wildcards (surface-words.txt)
- phrases: every position of every term, for phrases (phrase-positions.bin)
- storage: opening an index folder and checking it is whole
- querytree: the tree of plain words built directly, and what a tree asks for
- parser: query text in the whole query language to a Whoosh query tree
- docfields: title, issuer, date and language matched per document, not per passage
- expander: prefix, wildcard, fuzzy and range words to a bounded set of terms
- searchers: a small pool of Whoosh searchers shared by threads
- vectors, evaluation: the query tree ranked with numpy (BM25F as Whoosh scores it)
- errors: what these modules raise

Import the module you need (`from search_index.whoosh.writer import build`): this package
namespace exports nothing, so importing one part does not import the others.
"""
