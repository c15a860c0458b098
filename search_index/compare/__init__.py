"""Comparing passages: the word diff of two, and a theme's wording over time (drift).

word_diff (Piece, WordDiff: difflib on word keys, aliases and stems matched through the
Analyzer) -> drift (a theme's passages in date order, each diffed against the one before).
"""

from .word_diff import Piece, WordDiff, diff_passages, diff_segments, diff_texts, render_wdiff

__all__ = ["Piece", "WordDiff", "diff_passages", "diff_segments", "diff_texts", "render_wdiff"]
