"""Run an app headless in this process and report timings as one JSON line on stdout.

The harness starts this script in a fresh interpreter for every sample, for the reader and for
a bare Textual app alike, so both pay the same interpreter start, imports and first paint:

    python tests/bench/app_probe.py bare
    python tests/bench/app_probe.py reader --texts PATH [--wait-workers] [--jump]

The reader is started the way `xref --texts PATH` starts it (tui.cli.main); `App.run` is wrapped
so the app runs headless at 120x40 with an auto-pilot that waits for the first screen to be
composed (every widget has handled its queued messages and the widget count is stable), forces
a full render of it to terminal bytes (the paint), records the time and exits.
`first_frame` is a wall-clock timestamp (time.time()) so the parent can subtract its own
timestamp taken just before it started the process.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from statistics import median
from typing import Any

SIZE = (120, 40)
result: dict[str, Any] = {}


def _paint(app: Any) -> None:
    """Render the whole screen to the bytes a terminal would receive (headless skips this)."""
    update = app.screen._compositor.render_update(full=True)
    if update is not None:
        result["painted_chars"] = len(update.render_segments(app.console))


async def _settle(pilot: Any) -> None:
    """Wait, without fixed sleeps, until every widget has handled what is queued, then lay
    out and render the dirty regions as Textual's update timer would."""
    for _ in range(3):
        await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()


async def _time_key(pilot: Any, key: str) -> float:
    """Seconds from a key event reaching the app to the screen updated after it.

    Pilot.press waits for idle with fixed ~20 ms sleeps, which would drown a 1 ms key; this
    sends the same event the driver would and waits only for the queues to drain.
    """
    from textual import events

    app = pilot.app
    await _settle(pilot)
    start = time.perf_counter()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)
    await _settle(pilot)
    return time.perf_counter() - start


def _where(app: Any) -> Any:
    """Something that changes when the cursor moves: the focused widget's state, if any."""
    focused = app.focused
    if focused is None:
        return None
    for name in ("cursor", "cursor_index", "current", "passage_index", "cursor_row"):
        value = getattr(focused, name, None)
        if isinstance(value, int | str):
            return [type(focused).__name__, name, value, focused.scroll_y]
    return [type(focused).__name__, "scroll_y", focused.scroll_y]


async def _first_screen(pilot: Any) -> None:
    """Wait until the first screen is composed: no widget has messages pending and the
    widget count is stable. No Pilot.pause(): it waits for the whole process to be idle,
    which would count the reader's background index worker against its first frame."""
    app = pilot.app
    count = -1
    for _ in range(50):
        await pilot._wait_for_screen()
        now = sum(1 for _ in app.screen.walk_children(with_self=True))
        if now == count:
            break
        count = now
    app.screen._on_timer_update()
    result["widgets"] = count


async def _background_done(pilot: Any) -> None:
    """Let the reader's engine worker (started by a timer after the first frame) finish."""
    app = pilot.app
    start = time.perf_counter()
    await asyncio.sleep(0.5)
    await app.workers.wait_for_complete()
    await pilot.pause()
    result["workers_s"] = time.perf_counter() - start


def make_pilot(wait_workers: bool, jump: bool, repeats: int):
    async def pilot_fn(pilot: Any) -> None:
        app = pilot.app
        await _first_screen(pilot)
        _paint(app)
        result["first_frame"] = time.time()
        if wait_workers or jump:
            await _background_done(pilot)
        if jump:
            result["start"] = _where(app)
            steps = [await _time_key(pilot, "j") for _ in range(repeats)]
            result["after_j"] = _where(app)
            first_end = await _time_key(pilot, "G")
            result["after_G"] = _where(app)
            warm_end = []
            for _ in range(repeats):
                await _time_key(pilot, "g")
                warm_end.append(await _time_key(pilot, "G"))
            result["j_median"] = median(steps)
            result["G_first"] = first_end
            result["G_warm_median"] = median(warm_end)
        app.exit()

    return pilot_fn


def _patch_run(pilot_fn: Any) -> None:
    from textual.app import App

    original = App.run

    def run(self: App, *args: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE, auto_pilot=pilot_fn)
        return original(self, *args, **kwargs)

    App.run = run  # type: ignore[method-assign]


def peak_rss_kb() -> int:
    """This process's peak RSS. VmHWM, because ru_maxrss survives exec on Linux and would
    report the parent's (the harness's) peak instead."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("app", choices=("bare", "reader"))
    parser.add_argument("--texts", action="append", default=[])
    parser.add_argument("--wait-workers", action="store_true")
    parser.add_argument("--jump", action="store_true")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    _patch_run(make_pilot(args.wait_workers, args.jump, args.repeats))
    code = 0
    if args.app == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("Hello, bare Textual app.", markup=False)

        Bare().run()
    else:
        from tui.cli import main as xref_main

        texts = [item for path in args.texts for item in ("--texts", path)]
        code = xref_main(texts)
    result["exit_code"] = code
    result["maxrss_kb"] = peak_rss_kb()
    sys.stdout.write("\n@@probe " + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
