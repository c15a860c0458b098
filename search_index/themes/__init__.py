"""Curated themes from themes.yaml: named topics that tag the passages raising them.

model (Theme) -> tagging (rules matched against a passage's terms) -> theme_set (ThemeSet, tags
computed when asked) -> rules_file (themes.yaml read and checked). Tags go into the search index
(`theme:ID`) and into link evidence (kind "theme").
"""

from .model import Theme
from .rules_file import (
    THEMES_FILE,
    load_themes,
    load_themes_for,
    parse_themes,
    theme_files_for,
    unmatched_problems,
)
from .tagging import tag_passages
from .theme_set import ThemeSet

__all__ = [
    "THEMES_FILE",
    "Theme",
    "ThemeSet",
    "load_themes",
    "load_themes_for",
    "parse_themes",
    "tag_passages",
    "theme_files_for",
    "unmatched_problems",
]
