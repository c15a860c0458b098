"""Build and command-line figures of issue 17, each beside a baseline taken in the same run.

    python -m tests.bench.run --only build17,cli,growth [--sizes 10000 100000] [--growth 1000000]

- build17: `xref index --rebuild` at the top size, index + links stages / a plain regex split
  of the same passages (`re.findall(r"\\w+")`), and the index stages / one pass of the
  analyser (Analyzer.tokens over every passage).
- cli: `xref search WORD --texts DIR` as a whole process / `grep -ril WORD DIR`, run in
  turn, p50 over 10 queries.
- growth: build wall time, the build's peak RSS and the in-process search p50 at each size
  (and --growth sizes, e.g. 1,000,000 once by hand), with the cost per passage.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from typing import Any

from tests.bench import corpus_gen

CLI_QUERIES = [
    "sanctions",
    "artillery",
    "cryptocurrency",
    "denuclearization",
    "munitions",
    "intertwined",
    "drones",
    "satellites",
    "laundering",
    "reconnaissance",
]


def _env(home: str) -> dict[str, str]:
    from tests.bench.run import ROOT, home_for

    env = dict(os.environ)
    env.update(home_for(home))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm: bytecode cached, as when installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def timed_child(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one whole child process, its output thrown away."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):  # grep: 1 = nothing found
        raise RuntimeError(f"{' '.join(command[:4])} failed (exit {done.returncode})")
    return wall


def _build(size: int, seed: int) -> tuple[dict[str, Any], float, float]:
    """`xref index --rebuild --json` in a fresh process: (its JSON, wall s, peak RSS MB)."""
    import json

    path = corpus_gen.corpus_path(size, seed)
    command = [sys.executable, "-m", "tui", "index", f"--texts={path}", "--rebuild", "--json"]
    # Popen + wait4 for the child's own peak memory (RUSAGE_CHILDREN is a running maximum).
    env = _env(str(size))
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    out = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise RuntimeError(f"xref index failed at {size:,} passages (status {status})")
    return json.loads(out), wall, usage.ru_maxrss / 1024


def measure_build17(ctx: Any) -> None:
    from search_index import load_corpus
    from search_index.analysis import Analyzer
    from search_index.analysis.aliases import load_aliases_for
    from tests.bench.run import Row, median

    size = ctx.args.top
    split = Row(f"build17.split.{size}", f"index + links at {size:,} / regex split", target=20.0)
    once = Row(
        f"build17.analyser.{size}", f"index build at {size:,} / one analyser pass", target=2.0
    )
    try:
        data, wall, rss = _build(size, ctx.args.seed)
        timings = data["timings"]
        index = sum(timings.get(k, 0.0) for k in ("index", "commit", "words", "positions"))
        links = timings.get("links", 0.0)
        # Built alongside the index (links.alongside), the links cost the build only the wait
        # for them after the index; else their whole time, after the index's.
        waited = timings.get("links_wait", links)
        corpus = load_corpus([corpus_gen.corpus_path(size, ctx.args.seed)], cache=False)
        texts = [p.text for p in corpus]
        analyzer = Analyzer(load_aliases_for(corpus).table)
        word = re.compile(r"\w+")
        splits, passes = [], []
        for _ in range(3):
            started = time.perf_counter()
            for text in texts:
                word.findall(text)
            splits.append(time.perf_counter() - started)
        for _ in range(2):
            started = time.perf_counter()
            for text in texts:
                analyzer.tokens(text, "index")
            passes.append(time.perf_counter() - started)
        split.value, split.baseline = index + waited, median(splits)
        once.value, once.baseline = index, median(passes)
        note = (
            f"index {index:.1f} s (whoosh {timings.get('index', 0):.1f} + commit "
            f"{timings.get('commit', 0):.1f}), links {links:.1f} s"
            + (f" alongside (waited {waited:.1f} s)" if "links_wait" in timings else "")
            + f"; whole command {wall:.1f} s, "
            f"peak {rss:.0f} MB; load {os.getloadavg()[0]:.1f}"
        )
        split.note = once.note = note
        ctx.raw["build17"] = {"timings": timings, "wall": wall, "rss_mb": rss, "split": splits}
        ctx.raw["build17"]["analyser"] = passes
    except Exception as error:
        from tests.bench.run import describe

        for row in (split, once):
            row.status, row.note = "error", describe(error)
    ctx.rows += [split.finish(), once.finish()]


def measure_cli(ctx: Any) -> None:
    """Whole `xref search` processes against `grep -ril`, in turn, on the same folder."""
    from tests.bench.run import Row, describe

    size = ctx.args.top
    row = Row(f"cli.{size}", f"xref search process / grep -ril at {size:,}, p50", target=3.0)
    try:
        path = corpus_gen.corpus_path(size, ctx.args.seed)
        env = _env(str(size))
        xref = [sys.executable, "-m", "tui", "search"]
        subprocess.run([*xref, "warm", f"--texts={path}"], env=env, capture_output=True, check=True)
        ours, greps = [], []
        for query in CLI_QUERIES:
            for _ in range(max(1, ctx.args.runs // 2)):
                ours.append(timed_child([*xref, query, f"--texts={path}"], env))
                greps.append(timed_child(["grep", "-ril", query, str(path)], env))
        row.value, row.baseline = statistics.median(ours), statistics.median(greps)
        row.note = f"{len(ours)} runs each; xref p90 {sorted(ours)[int(0.9 * len(ours))]:.3f} s"
        ctx.raw["cli"] = {"xref": ours, "grep": greps}
    except Exception as error:
        row.status, row.note = "error", describe(error)
    ctx.rows.append(row.finish())


def measure_growth(ctx: Any) -> None:
    """Build time, peak memory and search p50 per size; cost per passage against the smallest."""
    from tests.bench.run import QUERIES, Row, describe, open_engine, percentile

    sizes = sorted({*ctx.args.sizes_all, *(ctx.args.growth or ())})
    first: tuple[int, float] | None = None
    for size in sizes:
        row = Row(f"growth.{size}", f"build at {size:,}: s per 100k passages", target=None)
        try:
            data, wall, rss = _build(size, ctx.args.seed)
            _corpus, index, _info = open_engine(size, ctx)
            latencies = []
            for query in QUERIES["terms"] + QUERIES["and"] + QUERIES["phrase"]:
                index.search(query, limit=20)
                for _ in range(5):
                    started = time.perf_counter()
                    index.search(query, limit=20)
                    latencies.append(time.perf_counter() - started)
            index.close()
            per = wall / size * 100_000
            first = first or (size, per)
            row.value, row.baseline = per, first[1]
            row.note = (
                f"{size:,} passages: build {wall:.1f} s, peak {rss:.0f} MB, search p50 "
                f"{percentile(latencies, 0.5) * 1000:.2f} ms; per passage vs {first[0]:,}"
            )
            ctx.raw.setdefault("growth", {})[size] = {
                "wall": wall,
                "rss_mb": rss,
                "timings": data["timings"],
                "search_p50_ms": percentile(latencies, 0.5) * 1000,
            }
        except Exception as error:
            row.status, row.note = "error", describe(error)
        ctx.rows.append(row.finish())
