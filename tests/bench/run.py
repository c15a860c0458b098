"""The benchmark harness: every figure beside a baseline measured in the same run.

    python -m tests.bench.run [--quick] [--sizes 10000 100000] [--runs N] [--rebuild]
                              [--only startup,jump,search,build,work] [--json out.json]

Shared machines are noisy, so only ratios count: each figure is the median of several runs and
is divided by a baseline taken in the same run (a bare Textual app, a Python regex scan of the
same passages, the Whoosh index build of the same corpus). The table is printed and the full
results are written as JSON to tests/bench/results/ (gitignored). Generated corpora, indexes
and build timings are cached under $XREF_BENCH_DIR (default /tmp/xref-bench-$UID), so a second
run does not regenerate or reindex; --rebuild measures the builds again. The harness points
XREF_CACHE_DIR, XREF_STATE_DIR and XREF_CONFIG_DIR at folders there: it never touches the real
user folders. A figure whose code does not exist yet prints "n/a (not built yet)".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench import corpus_gen, growth  # noqa: E402

PROBE = Path(__file__).with_name("app_probe.py")
RESULTS = Path(__file__).with_name("results")
BUNDLED = "bundled"
MEANING_ENV = "XREF_EMBEDDINGS"


class NotBuilt(Exception):
    """The code this figure measures has not landed yet."""


@dataclass
class Row:
    """One line of the table."""

    key: str
    what: str
    value: float | None = None
    baseline: float | None = None
    unit: str = "s"
    target: float | None = None
    """Upper bound of the ratio; None means 'report only'."""
    ratio: float | None = None
    note: str = ""
    status: str = ""

    def finish(self) -> Row:
        if self.status:
            return self
        if self.ratio is None and self.value is not None and self.baseline:
            self.ratio = self.value / self.baseline
        if self.ratio is None:
            self.status = "n/a"
        elif self.target is None:
            self.status = "report"
        else:
            self.status = "ok" if self.ratio <= self.target else "OVER"
        return self


@dataclass
class Context:
    args: argparse.Namespace
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


# -- helpers -------------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: Iterable[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def home_for(name: str) -> dict[str, str]:
    """Private cache/state/config folders for one corpus, under the bench folder."""
    base = corpus_gen.bench_dir() / "home" / name
    env = {}
    for kind in ("cache", "state", "config"):
        folder = base / kind
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[f"XREF_{kind.upper()}_DIR"] = str(folder)
    return env


def use_home(name: str) -> dict[str, str]:
    env = home_for(name)
    os.environ.update(env)
    return env


def texts_for(name: str, args: argparse.Namespace) -> list[str]:
    if name == BUNDLED:
        return []
    if name == "big":
        return [str(corpus_gen.big_document_path(args.seed))]
    return [str(corpus_gen.corpus_path(int(name), args.seed))]


def probe(app: str, texts: list[str], *flags: str, home: str | None = None) -> dict[str, Any]:
    """Run app_probe.py in a fresh interpreter; its result plus wall time to first frame."""
    env = dict(os.environ)
    env.update(home_for(home or "bare"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # Warm means Python's bytecode cache too, as for any installed program (pip compiles the
    # packages it installs; an editable checkout compiles on first import): with
    # PYTHONDONTWRITEBYTECODE set, every start would compile the reader's own modules while
    # the bare app's Textual is precompiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, str(PROBE), app, *(f"--texts={t}" for t in texts), *flags]
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("@@probe ")), None)
    if line is None:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"probe {app} failed (exit {done.returncode}): {' | '.join(tail)}")
    result = json.loads(line[len("@@probe ") :])
    if "first_frame" in result:
        result["to_first_frame"] = result["first_frame"] - started
    return result


def xref_commands() -> tuple[str, ...]:
    from tui.cli import COMMANDS

    return tuple(COMMANDS)


def xref(args: list[str], home: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(home_for(home))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=3600
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file below a folder."""
    files = {}
    for path in folder.rglob("*"):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file():
            files[str(path.relative_to(folder))] = (info.st_mtime_ns, info.st_size)
    return files


def warm_up(name: str, texts: list[str]) -> None:
    """Build the index (if the command exists) and start the reader once, waiting for workers."""
    if "index" in xref_commands():
        xref(["index", *(f"--texts={t}" for t in texts)], name)
    probe("reader", texts, "--wait-workers", home=name)


# -- measurements --------------------------------------------------------------------------------


def measure_startup(ctx: Context) -> None:
    """Warm start to first painted frame: reader vs bare app, interleaved, fresh processes."""
    args = ctx.args
    cases = [
        ("startup.bundled", BUNDLED, "warm start, bundled statements", 1.3),
        (f"startup.{args.mid}", str(args.mid), f"warm start, {args.mid:,} passages", 1.6),
        ("startup.big", "big", "5 MB document, first frame", 2.0),
    ]
    for key, name, what, target in cases:
        row = Row(key, what, target=target)
        try:
            texts = texts_for(name, args)
            warm_up(name, texts)
            bare, reader = [], []
            for _ in range(args.runs):
                bare.append(probe("bare", [], home="bare")["to_first_frame"])
                reader.append(probe("reader", texts, home=name)["to_first_frame"])
            row.value, row.baseline = median(reader), median(bare)
            ctx.raw[key] = {"reader": reader, "bare": bare}
        except Exception as error:  # one figure failing must not lose the others
            row.status, row.note = "error", describe(error)
        ctx.rows.append(row.finish())


def measure_jump(ctx: Context) -> None:
    """G on the 5 MB document vs j, in the same process, after the first frame."""
    row = Row("jump.big", "jump to last passage, 5 MB doc / one passage (j)", target=2.0)
    try:
        texts = texts_for("big", ctx.args)
        samples = [
            probe("reader", texts, "--jump", f"--repeats={ctx.args.runs}", home="big")
            for _ in range(max(3, ctx.args.runs // 2))
        ]
        ctx.raw["jump.big"] = samples
        last = samples[-1]
        if not last.get("after_G") or last["after_G"][1] != "cursor":
            raise NotBuilt("the reader has no passage cursor in the focused pane")
        if last["after_G"][2] != corpus_gen.BIG_PARAGRAPHS - 1:
            raise RuntimeError(f"G did not reach the last passage: {last['after_G']}")
        row.value = median(s["G_first"] for s in samples)
        row.baseline = median(s["j_median"] for s in samples)
        warm = median(s["G_warm_median"] for s in samples)
        row.note = f"first G after opening; later G {warm * 1000:.2f} ms"
    except NotBuilt as error:
        row.status, row.note = "n/a", f"not built yet: {error}"
    except Exception as error:
        row.status, row.note = "error", describe(error)
    ctx.rows.append(row.finish())


QUERIES = {
    "terms": [
        "sanctions",
        "intertwined",
        "cryptocurrency laundering",
        "North Korea munitions",
        "artillery",
        "denuclearization",
        "Russian Federation drones",
        "human rights",
    ],
    "and": [
        "sanctions AND missiles",
        "DPRK AND Russia AND munitions",
        "cyber AND revenue",
        "Ukraine AND aggression",
        "satellites AND reconnaissance",
        "EU AND ROK AND cooperation",
    ],
    "phrase": [
        '"closely intertwined"',
        '"Security Council resolutions"',
        '"human rights situation"',
        '"ballistic missile programs"',
        '"war of aggression"',
        '"dispatch of IT workers"',
    ],
    "prefix": [
        "sa",
        "mu",
        "North Korea sa",
        "cy",
        "de",
        "nuclear pro",
        "tra",
        "illicit cyber ac",
        "sh",
        "Russia mil",
        "en",
        "co",
    ],
}


QUERY_BUDGET_S = 2.0


def _words(query: str) -> list[str]:
    return re.findall(r"[\w'-]+", query.replace(" AND ", " "))


def regex_for(kind: str, query: str) -> list[re.Pattern[str]]:
    """What a script would do without an index: case-insensitive regexes over every passage."""
    words = _words(query)
    if kind == "phrase":
        return [re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.I)]
    if kind == "prefix":
        *whole, last = words
        return [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in whole] + [
            re.compile(rf"\b{re.escape(last)}\w*", re.I)
        ]
    return [re.compile(rf"\b{re.escape(w)}\w*", re.I) for w in words]


def regex_scan(texts: list[str], patterns: list[re.Pattern[str]]) -> int:
    return sum(1 for text in texts if all(p.search(text) for p in patterns))


def open_engine(size: int, ctx: Context) -> tuple[Any, Any, Any]:
    """The corpus and the engine's index for it, opened the way `xref index` opens it (same
    analyser and theme tags, hence the same cached index); built if there is none yet."""
    try:
        from search_index.session import Session
    except ImportError as error:
        raise NotBuilt(str(error)) from None
    from search_index import load_corpus

    use_home(str(size))
    corpus = load_corpus([corpus_gen.corpus_path(size, ctx.args.seed)])
    session = Session.open(corpus)
    index = session.open_index()
    return corpus, index, session.index_info


def measure_search(ctx: Context) -> None:
    size = ctx.args.top
    runs = ctx.args.search_runs
    rows = {
        kind: Row(
            f"search.{kind}",
            f"search {label} at {size:,}" + (" p95" if kind == "prefix" else " p50"),
            unit="ms",
            target=0.1 if kind == "prefix" else 0.01,
        )
        for kind, label in (
            ("terms", "terms"),
            ("and", "AND"),
            ("phrase", "phrase"),
            ("prefix", "as you type"),
        )
    }
    try:
        corpus, index, _info = open_engine(size, ctx)
        texts = [p.text for p in corpus]
        record = ctx.raw.setdefault("search", {})
        for kind, row in rows.items():
            latencies, scans, counts = [], [], {}
            for query in QUERIES[kind]:
                patterns = regex_for(kind, query)
                as_you_type = kind == "prefix"
                index.search(query, limit=20, as_you_type=as_you_type)  # warm caches
                spent = 0.0
                for attempt in range(runs):
                    if attempt >= 2 and spent > QUERY_BUDGET_S:
                        break  # a slow query: enough samples to say it is slow
                    start = time.perf_counter()
                    result = index.search(query, limit=20, as_you_type=as_you_type)
                    latencies.append(time.perf_counter() - start)
                    spent += latencies[-1]
                for _ in range(max(2, runs // 5)):
                    start = time.perf_counter()
                    found = regex_scan(texts, patterns)
                    scans.append(time.perf_counter() - start)
                counts[query] = {"engine": getattr(result, "total", None), "regex": found}
            value = percentile(latencies, 0.95 if kind == "prefix" else 0.5)
            row.value, row.baseline = value * 1000, median(scans) * 1000
            record[kind] = {"latencies": latencies, "scans": scans, "counts": counts}
    except NotBuilt as error:
        for row in rows.values():
            row.status, row.note = "n/a", f"not built yet: {error}"
    except Exception as error:
        for row in rows.values():
            row.status, row.note = "error", describe(error)
    ctx.rows.extend(row.finish() for row in rows.values())


BUILD_TIMINGS = "build-timings.json"


def _stage(timings: dict[str, float], *needles: str) -> float | None:
    for name, seconds in timings.items():
        if any(n in name.lower() for n in needles):
            return float(seconds)
    return None


def build_figures(size: int, ctx: Context) -> dict[str, Any]:
    """Index and links build timings at one size, from `xref index --json` in a fresh process:
    measured now, or (when the cached index is current and we saw it built) from that build,
    which the note says. --rebuild always measures."""
    if "index" not in xref_commands():
        raise NotBuilt("no `xref index` command")
    store = corpus_gen.bench_dir() / BUILD_TIMINGS
    known = json.loads(store.read_text()) if store.exists() else {}
    texts = [f"--texts={t}" for t in texts_for(str(size), ctx.args)]

    def index(*flags: str) -> dict[str, Any]:
        started = time.perf_counter()
        done = xref(["index", *texts, "--json", *flags], str(size))
        if done.returncode != 0:
            raise RuntimeError(f"xref index failed: {done.stderr.strip()[-200:]}")
        data = json.loads(done.stdout)
        data["wall_s"] = time.perf_counter() - started
        return data

    data = index("--rebuild") if ctx.args.rebuild else index()
    key = f"{size}:{data['fingerprint']}"
    earlier = known.get(key)
    if data["reused"]:
        if earlier is not None:
            return {**earlier, "cached": True}
        data = index("--rebuild")  # a build we did not see: measure it rather than guess
        earlier = None
    if earlier is None and "index" not in data["timings"]:
        # The index was built by another stage of this run (search opens it) and only the
        # links were built here: build again so both figures come from one measured build.
        data = index("--rebuild")
    timings = dict(data["timings"])
    from_earlier = []
    if earlier is not None and "index" not in timings:
        # The index was current but the links were rebuilt (their code changed): the
        # Whoosh stages come from the build that made this index.
        for stage in ("index", "commit"):
            if stage in earlier["timings"]:
                timings[stage] = earlier["timings"][stage]
                from_earlier.append(stage)
    figures = {
        "timings": timings,
        "wall_s": data["wall_s"],
        "passages": data["passages"],
        "load": os.getloadavg()[0],
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "from_earlier": from_earlier,
    }
    if from_earlier:
        figures["measured_at"] += f" (index stages from {earlier['measured_at']})"
    known[key] = figures
    store.write_text(json.dumps(known, indent=1))
    return {**figures, "cached": False}


def measure_build(ctx: Context) -> None:
    top, mid = ctx.args.top, ctx.args.mid
    ratio_row = Row(f"links.{top}", f"links build at {top:,} / Whoosh index build", target=0.5)
    growth_row = Row("links.growth", f"links build {top:,} / {mid:,}", target=15.0, unit="s")
    try:
        figures = {size: build_figures(size, ctx) for size in (mid, top)}
        ctx.raw["build"] = figures
        notes = []
        for size, fig in figures.items():
            if fig["cached"]:
                notes.append(f"{size:,}: from the build of {fig['measured_at']}")
            elif fig.get("from_earlier"):
                earlier = fig["measured_at"].split("(")[-1].rstrip(")")
                notes.append(f"{size:,}: links now, {earlier}")
        notes.append("Whoosh = index + commit stages")
        links = {s: _stage(f["timings"], "link") for s, f in figures.items()}
        timings = figures[top]["timings"]
        whoosh = (timings.get("index") or 0.0) + (timings.get("commit") or 0.0) or None
        if links[top] is None:
            stages = ", ".join(figures[top]["timings"])
            raise NotBuilt(f"no links stage in the index timings ({stages})")
        ratio_row.value, ratio_row.baseline = links[top], whoosh
        growth_row.value, growth_row.baseline = links[top], links[mid]
        ratio_row.note = growth_row.note = "; ".join(notes)
    except NotBuilt as error:
        for row in (ratio_row, growth_row):
            row.status, row.note = "n/a", f"not built yet: {error}"
    except Exception as error:
        for row in (ratio_row, growth_row):
            row.status, row.note = "error", describe(error)
    ctx.rows += [ratio_row.finish(), growth_row.finish()]


def measure_work(ctx: Context) -> None:
    """A second start writes no index or link file; peak RSS of that start vs corpus size."""
    top = ctx.args.top
    work = Row("warm.work", f"files written on a second start, {top:,}", unit="files", target=0)
    memory = Row("memory", f"peak RSS / corpus on disk at {top:,}", unit="MB", target=None)
    try:
        name = str(top)
        texts = texts_for(name, ctx.args)
        warm_up(name, texts)
        cache = Path(home_for(name)["XREF_CACHE_DIR"])
        before = snapshot(cache)
        result = probe("reader", texts, "--wait-workers", home=name)
        after = snapshot(cache)
        changed = sorted(p for p, s in after.items() if before.get(p) != s)
        work.value = float(len(changed))
        work.ratio = work.value
        work.note = ", ".join(changed[:3]) if changed else f"{len(after)} files in the cache"
        if not before:
            work.note = "the reader wrote no cache at all (index not built yet?)"
            work.status = "n/a"
        bare = median(probe("bare", [])["maxrss_kb"] for _ in range(3)) / 1024
        rss = result["maxrss_kb"] / 1024
        disk = corpus_gen.disk_size(Path(texts[0])) / 1e6
        memory.value, memory.baseline = rss, disk
        ok = rss <= 4 * disk + bare
        memory.ratio = rss / disk
        memory.status = "ok" if ok else "OVER"
        memory.note = (
            f"bare app {bare:.0f} MB; budget 4 x {disk:.0f} + {bare:.0f} = "
            f"{4 * disk + bare:.0f} MB: {'within' if ok else 'over'}"
        )
        ctx.raw["work"] = {"changed": changed, "files": len(after), "rss_mb": rss, "bare_mb": bare}
    except Exception as error:
        for row in (work, memory):
            row.status, row.note = "error", describe(error)
    ctx.rows += [work.finish(), memory.finish()]


def describe(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(error).__name__}: {error}"[:160] + where


# -- output --------------------------------------------------------------------------------------


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g}"


def table(rows: list[Row]) -> str:
    header = ("what", "figure", "baseline", "ratio", "target", "")
    lines = [header]
    for row in rows:
        target = (
            "report"
            if row.target is None
            else (f"== {row.target:g}" if row.unit == "files" else f"<= {row.target:g}")
        )
        status = row.status if row.status != "n/a" else ""
        if row.status == "n/a":
            built = row.note.startswith("not built yet")
            figure, base, ratio = ("n/a (not built yet)" if built else "n/a"), "", ""
        elif row.status == "error":
            figure, base, ratio = "error", "", ""
        else:
            figure = fmt(row.value, row.unit)
            base = fmt(row.baseline, row.unit) if row.unit != "files" else ""
            ratio = "-" if row.ratio is None else f"{row.ratio:.3g}"
        lines.append((row.what, figure, base, ratio, target, status))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    notes = [f"  {row.key}: {row.note}" for row in rows if row.note and row.status != "n/a"]
    notes += [f"  {row.key}: n/a ({row.note})" for row in rows if row.status == "n/a"]
    return "\n".join(out + (["", "notes:", *notes] if notes else []))


MEASUREMENTS: dict[str, Callable[[Context], None]] = {
    "startup": measure_startup,
    "jump": measure_jump,
    "search": measure_search,
    "build": measure_build,
    "work": measure_work,
    "build17": growth.measure_build17,
    "cli": growth.measure_cli,
    "growth": growth.measure_growth,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="xref-reader benchmarks (ratios to baselines)")
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 passages, 3 runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes (default 10000 100000)")
    parser.add_argument("--runs", type=int, help="samples per figure (default 5, quick 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="measure the index builds again")
    parser.add_argument("--only", help="comma-separated: " + ",".join(MEASUREMENTS))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument(
        "--growth", type=int, nargs="+", help="extra sizes for the growth rows (e.g. 1000000)"
    )
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes or ((1_000, 10_000) if args.quick else (10_000, 100_000)))
    args.mid, args.top = (sizes[-2] if len(sizes) > 1 else sizes[0]), sizes[-1]
    args.sizes_all = sizes
    args.runs = args.runs or (3 if args.quick else 5)
    args.search_runs = 5 if args.quick else 15
    chosen = args.only.split(",") if args.only else list(MEASUREMENTS)
    unknown = [name for name in chosen if name not in MEASUREMENTS]
    if unknown:
        parser.error(f"unknown measurement {unknown[0]!r}; choose from {', '.join(MEASUREMENTS)}")

    # The default install's figures: every process started here builds and opens the links
    # without the optional similar-meaning model (embedding_links.py measures that one).
    os.environ.setdefault(MEANING_ENV, "0")
    use_home("harness")
    ctx = Context(args)
    started = time.time()
    meaning = "off" if os.environ[MEANING_ENV].lower() in ("0", "off", "no", "false") else "on"
    print(f"corpora: {corpus_gen.bench_dir()}  sizes {sizes}  runs {args.runs}", flush=True)
    print(f"similar meaning (optional model): {meaning} ({MEANING_ENV}={os.environ[MEANING_ENV]})")
    for size in sizes:
        corpus_gen.corpus_path(size, args.seed)
    problems = corpus_gen.verify(min(sizes), args.seed)
    if problems:
        print(f"generated corpus is not valid: {problems[0]}", file=sys.stderr)
        return 1
    corpus_gen.big_document_path(args.seed)
    for name in chosen:
        print(f"... {name}", flush=True)
        MEASUREMENTS[name](ctx)
    print()
    print(table(ctx.rows))
    record = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git_head(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "sizes": sizes,
        "runs": args.runs,
        "seconds": round(time.time() - started, 1),
        "rows": [asdict(row) for row in ctx.rows],
        "raw": ctx.raw,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(record, indent=1, default=str))
    if args.json:
        shutil.copyfile(out, args.json)
    print(f"\nresults: {out}")
    return 0


def _git_head() -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


if __name__ == "__main__":
    raise SystemExit(main())
