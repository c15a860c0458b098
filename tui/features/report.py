"""r: write the report (Markdown) of what is on screen, and say where.

What is on screen is, in this order: the link shown (the current passage and its target), the
theme whose passages are highlighted (n / N step through them), else the current passage.
In the theme browser r reports the highlighted theme. The report goes to `reports/` in the
user's data folder (XREF_DATA_DIR overrides), named for what it reports; an existing file is
overwritten only after a yes. Building and writing run in a thread worker (the engine's
search_index.report); only a message comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual import work

from tui.messages import ReportDone

REPORTS_FOLDER = "reports"
"""The data folder's subfolder for the reader's reports."""
_UNSAFE = re.compile(r"[^\w.-]+")


def report_name(theme_id: str | None, passage_ids: tuple[str, ...]) -> str:
    """'theme-intertwined-security.md', 'kim-gunn-eu-psc-2_borrell-cho-dprk-russia-4.md'."""
    if theme_id is not None:
        stem = "theme-" + _UNSAFE.sub("-", theme_id)
    else:
        stem = "_".join(_UNSAFE.sub("-", passage_id) for passage_id in passage_ids)
    return (stem.strip("-.")[:120] or "report") + ".md"


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


class ReportFeature:
    """r on the reader screen and in the theme browser (mixed into ReaderScreen: uses its
    links, trail, notes and session)."""

    def trail_theme(self) -> str | None:
        """The id of the theme whose passages are the trail, if one is."""
        trail = self.trail
        if trail is None or trail.kind != "theme":
            return None
        for theme in self.session.theme_list():
            if trail.label == f"Theme {theme.label}":
                return str(theme.id)
        return None

    def action_report(self) -> None:
        if self.session.engine_session is None:
            self.notify(f"Reports are being prepared: {self.session_status}", timeout=3)
            return
        shown = self.link_source == self.view.passage_id and self.link_rank >= 0
        pair = self.compare_pair() if shown else None
        if pair is not None:
            self.write_report(passage_ids=pair)
        elif (theme_id := self.trail_theme()) is not None:
            self.write_report(theme_id=theme_id)
        elif self.view.passage_id is not None:
            self.write_report(passage_ids=(self.view.passage_id,))

    def write_report(
        self, *, theme_id: str | None = None, passage_ids: tuple[str, ...] = ()
    ) -> None:
        """Build the report of a theme or of passages and write it (asking before
        overwriting)."""
        if self.session.engine_session is None:
            self.notify(f"Reports are being prepared: {self.session_status}", timeout=3)
            return
        if any(w.group == "report" and not w.is_finished for w in self.app.workers):
            self.notify("Still writing the last report: one at a time.", timeout=3)
            return
        self.notify("Writing the report… (long passages take a few seconds)", timeout=3)
        self._build_report(theme_id, tuple(passage_ids))

    @work(thread=True, group="report")
    def _build_report(self, theme_id: str | None, passage_ids: tuple[str, ...]) -> None:
        path = ""
        try:
            from search_index.paths import data_dir
            from search_index.report import build_report, render_markdown

            folder = data_dir() / REPORTS_FOLDER
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = str(folder / report_name(theme_id, passage_ids))
            report = build_report(
                self.session.engine_session,
                theme_id=theme_id,
                passage_ids=passage_ids,
                notes=self.notebook,
            )
            text = render_markdown(report)
        except Exception as error:
            self.post_message(ReportDone(path, "", error=_reason(error)))
            return
        self._write(path, text, force=False)

    @work(thread=True, group="report")
    def _write_over(self, path: str, text: str) -> None:
        self._write(path, text, force=True)

    def _write(self, path: str, text: str, *, force: bool) -> None:
        """In the worker: write the report; say that it exists rather than write over it."""
        from search_index.report import write_report

        try:
            write_report(text, Path(path), force=force)
        except FileExistsError:
            self.post_message(ReportDone(path, text, exists=True))
            return
        except Exception as error:
            self.post_message(ReportDone(path, "", error=_reason(error)))
            return
        self.post_message(ReportDone(path, text))

    def on_report_done(self, message: ReportDone) -> None:
        if message.error is not None:
            where = f" to {message.path}" if message.path else ""
            self.notify(
                f"The report was not written{where}: {message.error}", severity="error", timeout=8
            )
        elif message.exists:
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write_over(message.path, message.text)
                else:
                    self.notify(f"Report not written: {message.path} kept as it was", timeout=4)

            self.app.push_screen(
                ConfirmScreen(
                    f"{message.path} exists. Write the new report over it?", "Overwrite", "Keep"
                ),
                answered,
            )
        else:
            self.notify(f"Report written to {message.path}", timeout=8)
