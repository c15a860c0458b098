"""Links built in a forked child while the index is written (issue 17): the same links as a
build in one process, saved beside the index, and a child stopped midway loses nothing.

Each build runs in a fresh interpreter (a process with threads, as pytest may have, is
never forked), with min_passages=0 so a small generated corpus takes the forked path."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench import corpus_gen

SCRIPT = r"""
import hashlib, json, os, sys
from search_index.corpus import load_corpus
from search_index.session import Session

mode = sys.argv[2]
session = Session.open(load_corpus([sys.argv[1]]))
session.open_index(links_alongside=mode != "serial", min_passages=0)
if mode == "stop":
    pid = session._alongside.pid if session._alongside else 0
    session.close()  # before the links were opened: the child is stopped, not left running
    try:
        os.kill(pid, 0)
        alive = True
    except (ProcessLookupError, PermissionError):
        alive = False
    session = Session.open(load_corpus([sys.argv[1]]))
    session.open_index()
stages = []
links = session.open_links(progress=lambda *step: stages.append(step))
table = links.table
digest = hashlib.sha256()
for array in (table.src, table.dst, table.score):
    digest.update(array.tobytes())
print(json.dumps({
    "links": len(table.src),
    "digest": digest.hexdigest(),
    "timings": session.index_info.timings,
    "notices": session.notices,
    "beside_index": (session.index_info.location / "links.npz").is_file(),
    "alive": alive if mode == "stop" else None,
    "stages": stages,
}))
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_gen.write_documents(tmp_path_factory.mktemp("alongside"), 1500, seed=3)


def _env(home: Path) -> dict[str, str]:
    """This environment with private xref folders under `home` and the checkout importable."""
    env = dict(os.environ)
    for kind in ("CACHE", "STATE", "CONFIG", "DATA"):
        env[f"XREF_{kind}_DIR"] = str(home / kind.lower())
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return env


def _build(corpus: Path, home: Path, mode: str) -> dict:
    env = _env(home)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork")
def test_links_built_alongside_the_index_are_the_links_of_a_serial_build(
    corpus: Path, tmp_path: Path
) -> None:
    serial = _build(corpus, tmp_path / "serial", "serial")
    alongside = _build(corpus, tmp_path / "alongside", "alongside")
    assert "links_wait" in alongside["timings"]  # the child built them
    assert "links_wait" not in serial["timings"]
    assert alongside["links"] == serial["links"] > 1000
    assert alongside["digest"] == serial["digest"]
    assert alongside["beside_index"] and serial["beside_index"]
    assert alongside["notices"] == []


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork")
def test_a_build_closed_before_its_links_stops_the_child_and_loses_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    serial = _build(corpus, tmp_path / "serial", "serial")
    stopped = _build(corpus, tmp_path / "stopped", "stop")
    assert stopped["alive"] is False
    assert stopped["digest"] == serial["digest"]  # built again in the process that needs them
    assert stopped["beside_index"]


KILLED = r"""
import os, signal, sys
from search_index.corpus import load_corpus
from search_index.session import Session

session = Session.open(load_corpus([sys.argv[1]]))


def progress(stage, done, total):
    # Called while Whoosh is written, once the links child exists: pause the child, then
    # end this process the hardest way (no cleanup runs), as a killed build ends.
    child = session._alongside
    if stage == "index" and child is not None and done > total // 2:
        with open(sys.argv[2], "w") as out:
            out.write(str(child.pid))
        os.kill(child.pid, signal.SIGSTOP)
        os.kill(os.getpid(), signal.SIGKILL)


session.open_index(links_alongside=True, min_passages=0, progress=progress)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel ends the child")
def test_a_killed_build_leaves_no_links_process_behind(corpus: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    pid_file = tmp_path / "child.pid"
    done = subprocess.run(  # no pipes: a child left running would hold them open
        [sys.executable, "-c", KILLED, str(corpus), str(pid_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == -9
    pid = int(pid_file.read_text())
    os.kill(pid, signal.SIGCONT)  # ended by its parent's death, not left to finish the links
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the links process {pid} outlived the build that started it")
    assert not list((tmp_path / "cache").rglob("links.npz"))


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork")
def test_the_childs_progress_is_relayed_while_the_index_waits(corpus: Path, tmp_path: Path) -> None:
    """The waiting showed "links 0/1" until the child was done (30 s at 1,000,000 passages):
    its own stages now come through, in order, before the wait's end."""
    built = _build(corpus, tmp_path / "progress", "alongside")
    stages = [tuple(step) for step in built["stages"]]
    names = [step[0] for step in stages]
    assert stages[0] == ("links", 0, 1) and stages[-1] == ("links", 1, 1)
    assert names.index("kinds") < names.index("choosing")
    counted = [step for step in stages[1:-1] if step[0] == "links"]
    assert counted and counted[-1][1] == counted[-1][2] > 1000  # the product's rows, all done


INTERRUPTED = r"""
import json, os, sys
from search_index.corpus import load_corpus
from search_index.session import Session

session = Session.open(load_corpus([sys.argv[1]]))
session.open_index(links_alongside=True, min_passages=0)
pid = session._alongside.pid


def progress(stage, done, total):
    if stage == "kinds":  # the child's first stage, relayed during the wait: Ctrl+C
        raise KeyboardInterrupt


try:
    session.open_links(progress=progress)
    raised = None
except BaseException as error:
    raised = type(error).__name__
try:
    os.kill(pid, 0)
    alive = True
except (ProcessLookupError, PermissionError):
    alive = False
print(json.dumps({"raised": raised, "alive": alive}))
"""


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork")
def test_interrupted_while_relaying_the_childs_progress_stops_it(
    corpus: Path, tmp_path: Path
) -> None:
    """Ctrl+C during the wait ends the child; the pipe, closed by the read, is not closed
    again (an OSError instead of the KeyboardInterrupt, or another file's descriptor)."""
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, str(corpus)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"raised": "KeyboardInterrupt", "alive": False}
