"""No garbage collection while the reader starts; what start-up built is frozen after it.

Why: start-up (the imports, the corpus, Textual's first styling and render, which makes seven
small caches for every line strip) allocates so much that Python's cyclic collector ran a full
collection of ~60,000 objects before the first frame, 20-30 ms of a warm start of ~250 ms, and
a bare Textual app runs none. Almost nothing of it is garbage (~4,000 unreachable objects of
~90,000 at the first frame), so the collector is paused until the first frame is on screen;
then everything alive is frozen (gc.freeze: later collections skip it, so a full collection
no longer rescans the modules and the corpus in the middle of a key press) and collection
resumes for what the reader makes from then on. The few cycles start-up left stay frozen.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop cyclic garbage collection until resume() (the reader's command calls this)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """After the first frame: freeze what start-up built and collect again. A no-op unless
    pause() stopped the collector (a test's app, a library user's own settings)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
