"""Modules that Whoosh and dataclasses import and no search uses, imported only if something
calls into them.

Importing Whoosh cost a one-off `xref search` about 60 ms more than the rest of Whoosh:
whoosh.compat imports urllib.request (http.client, email: 25 ms) for a download helper
and html for an escape function; cached_property (which Whoosh's segment reader imports)
imports asyncio (20 ms) to tell coroutines apart; whoosh.query.terms imports the English
morphology tables (7 ms) for a query type the parser here never makes; the analysis
package imports the Porter stemmer and Double Metaphone (2 ms) for filters the analyser
here never uses, and the Snowball package thirteen stemmers besides the English one
(3 ms); the file storage imports tempfile (with shutil, bz2, lzma: 3 ms) for temporary
indexes, the compound file shutil for a copy, and the date parsing calendar (with
locale: 2 ms) for the length of a month; whoosh.util and whoosh.classify import random
(1 ms) for temporary file names and a clustering helper, whoosh.compat queue (0.6 ms) for
nothing Whoosh calls. The standard library's dataclasses imports inspect (15 ms) only to
write a docstring for a class without one, and pathlib urllib.parse (with ipaddress:
2-3 ms) only for Path.as_uri.

While those modules run, each of these imports is given a stand-in whose functions import
the real module when first called; the stand-in leaves sys.modules as soon as the importing
module is done, so anything imported later gets the real module. Nothing changes when the
real module is already loaded (the reader: Textual imports asyncio first).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any

DEFERRED: dict[str, tuple[str, ...]] = {
    "dataclasses": ("inspect",),
    "whoosh.compat": ("urllib.request", "html", "queue"),
    "whoosh.util": ("random",),
    "whoosh.classify": ("random",),
    "pathlib": ("urllib.parse",),
    "whoosh.filedb.filestore": ("tempfile",),
    "whoosh.filedb.compound": ("shutil",),
    "whoosh.util.times": ("calendar",),
    "cached_property": ("asyncio",),
    "whoosh.query.terms": ("whoosh.lang.morph_en",),
    "whoosh.analysis.morph": ("whoosh.lang.porter", "whoosh.lang.dmetaphone"),
    "whoosh.analysis.analyzers": ("whoosh.lang.porter",),
    "whoosh.lang.snowball": tuple(
        f"whoosh.lang.snowball.{language}"
        for language in (
            "danish dutch finnish french german hungarian italian norwegian portugese "
            "romanian russian spanish swedish"
        ).split()
    ),
}
"""Module being imported -> modules it imports that are deferred while it runs."""


_CO_COROUTINE = 0x80
"""inspect.CO_COROUTINE: the code flag of an `async def` function."""


def _iscoroutinefunction(func: Any) -> bool:
    """asyncio.iscoroutinefunction without importing asyncio (nor inspect): Whoosh's segment
    reader asks it of a cached property on every search. Until asyncio is imported no
    function can carry its legacy coroutine marker, so the answer is inspect's: whether the
    function (unwrapped from methods and partials) has an `async def` code."""
    real = sys.modules.get("asyncio")
    if real is not None and not isinstance(real, StandIn):
        return bool(real.iscoroutinefunction(func))
    import functools

    while isinstance(func, types.MethodType):
        func = func.__func__
    while isinstance(func, functools.partial):
        func = func.func
    return isinstance(func, types.FunctionType) and bool(func.__code__.co_flags & _CO_COROUTINE)


OWN: dict[tuple[str, str], Callable[..., Any]] = {
    ("asyncio", "iscoroutinefunction"): _iscoroutinefunction,
}
"""Functions a stand-in answers without the real module."""


class StandIn(types.ModuleType):
    """Stands for a module while another is imported: its attributes are functions that
    import the real module and call the real function (or answer without it, OWN)."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        real = self.__name__
        own = OWN.get((real, name))
        if own is not None:
            return own

        def deferred(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(real), name)(*args, **kwargs)

        deferred.__name__ = deferred.__qualname__ = name
        return deferred


class _Loader:
    """The module's own loader, with the stand-ins in place while it runs (no
    importlib.abc base class: importing it imports importlib.resources, 25 ms)."""

    def __init__(self, loader: Any, deferred: Sequence[str]) -> None:
        self._loader = loader
        self._deferred = deferred

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        placed = [name for name in self._deferred if name not in sys.modules]
        for name in placed:
            sys.modules[name] = StandIn(name)
        try:
            self._loader.exec_module(module)
        finally:
            for name in placed:
                if isinstance(sys.modules.get(name), StandIn):
                    del sys.modules[name]

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, is_package...
        return getattr(self._loader, name)


class _Finder:
    """Finds the modules of DEFERRED as the path finder does, with _Loader."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        deferred = DEFERRED.get(fullname)
        if deferred is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader, deferred)
        return spec


def install() -> None:
    """Defer those imports from now on in this process (once; idempotent)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
