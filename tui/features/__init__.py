"""The reader's features, one per module, each a mixin of ReaderScreen (tui/screens/reader.py).

A feature holds its own state (set in its __init__) and its actions (Textual finds a key's
action_* and a message's on_* on the screen, so they live on its mixins). Features call each
other only through these names of the screen:

- panes.py: `panes`, `pane(i)`, `view` (the focused pane's), `other`, `active`, `set_active`,
  `ensure_document`, `pane_loaded`, `open_in`; Tab and o.
- history.py: `snapshot()`, `push_history()` before a jump, `restore()`; b and f.
- links.py: `link_highlights`, `link_source`, `clear_link()`, `restore_link()`,
  `update_links_panel()`, `follow_cursor()`, `sync_side()`; x, ] / [, s and l.
- trail.py: `trail`, `clear_trail()`, `jump_trail()`; n and N.
- search.py: `search_open`, `search_panel`, `close_search()`, the search worker; /.
- themes.py (t), clipboard.py (c), place.py (`open_place`, `state_entry`).
- startup.py: `session_status`, `ready`, the worker that opens the index and links.

The screen itself gives `corpus`, `session`, `refresh_highlights()`, `update_status()` and
`add_problems()`. history.py and trail.py hold Textual-free models (History, Trail) beside
their mixins.
"""
