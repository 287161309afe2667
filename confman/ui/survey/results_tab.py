"""The Results tab: the charts of every question, live as answers arrive, and the exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.survey.chart_widget import BarChart
from confman.ui.survey.english_question import EnglishQuestion
from confman.ui.survey.ops import TEXT_TYPES, SurveyResults, chart_rows, percent_text, summary_line

TEXTS_SHOWN = 12


class ResultsTab(QWidget):
    def __init__(self, ctx: UiContext, error_text: Callable[[str], None], said: Callable[[str], None],
                 edit_questions: Callable[[], object] = lambda: None) -> None:
        super().__init__()
        self.ctx = ctx
        self._error_text = error_text
        self._said = said
        self._edit_questions = edit_questions
        self.results: SurveyResults | None = None
        self.charts: dict[str, BarChart] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.rate = QLabel()
        self.rate.setObjectName("surveyRate")
        self.rate.setStyleSheet("font-size:15px; font-weight:600;")
        self.pdf_button = QPushButton()
        self.xlsx_button = QPushButton()
        self.png_button = QPushButton()
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.png_button.clicked.connect(lambda: self.export("png"))
        top.addWidget(self.rate, 1)
        for button in (self.pdf_button, self.xlsx_button, self.png_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.pdf_button.setText(t("survey.ui.export_pdf", lang))
        self.xlsx_button.setText(t("survey.ui.export_xlsx", lang))
        self.png_button.setText(t("survey.ui.export_png", lang))
        if self.results is not None:
            self.set_results(self.results)

    def show_error_text(self, text: str) -> None:
        self._error_text(text)

    def set_results(self, results: SurveyResults) -> None:
        """Repaint every chart from ``results`` (reusing a question's chart widget, so the view does not jump)."""
        lang = self.ctx.language
        self.results = results
        self.rate.setText(t("survey.results.rate", lang, responded=results.responses, invited=results.invited,
                            rate=percent_text(results.rate, lang, 1)))
        wanted = [qr for qr in results.questions]
        while self.body_layout.count() > 1:
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.charts = {}
        for qr in wanted:
            q = qr.question
            if q.type in TEXT_TYPES:
                title = QLabel(f"{q.code}. {q.text(lang)}")
                title.setStyleSheet("font-weight:700; font-size:14px; margin-top:6px;")
                title.setWordWrap(True)
                lines = [f"• {a.unit}: {a.text}" for a in qr.texts[:TEXTS_SHOWN]]
                if len(qr.texts) > TEXTS_SHOWN:
                    lines.append(t("survey.ui.more_texts", lang, count=len(qr.texts) - TEXTS_SHOWN))
                body = QLabel("\n".join(lines) or t("survey.results.no_texts", lang))
                body.setWordWrap(True)
                body.setObjectName(f"texts_{q.code}")
                self.body_layout.insertWidget(self.body_layout.count() - 1, title)
                self.body_layout.insertWidget(self.body_layout.count() - 1, body)
                continue
            chart = BarChart()
            chart.setObjectName(f"chart_{q.code}")
            chart.set_chart(f"{q.code}. {q.text(lang)}", summary_line(qr, lang), chart_rows(qr, lang), lang)
            self.charts[q.code] = chart
            self.body_layout.insertWidget(self.body_layout.count() - 1, chart)

    def export(self, kind: str) -> None:
        """Ask where, then write; English results lacking English text ask first (go on / edit / cancel)."""
        if self.ctx.event is None:
            return
        lang, event_id = self.ctx.language, self.ctx.event.id
        probe = Path(f"results.{kind}") if kind != "png" else Path("results")  # what write_results makes of it

        def checked(warnings: tuple[str, ...]) -> None:
            if not warnings or EnglishQuestion(self, lang, warnings, results=True).go_on_or(
                    self._edit_questions, lambda: self._said(t("survey.english.results_cancelled", lang))):
                self._choose_target(kind)

        self.ctx.ops.read(self, lambda db: ops.results_warnings(db, event_id, probe, lang)).latest("results_check") \
            .done(checked).run()

    def _choose_target(self, kind: str) -> None:
        lang = self.ctx.language
        if kind == "png":
            folder = QFileDialog.getExistingDirectory(self, t("survey.ui.export_png", lang))
            if not folder:
                return
            target = Path(folder)
        else:
            name = f"{t('survey.results.title', lang)}.{kind}"
            pattern = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
            path, _ = QFileDialog.getSaveFileName(self, t(f"survey.ui.export_{kind}", lang), name, pattern)
            if not path:
                return
            target = Path(path) if Path(path).suffix.lower() == f".{kind}" else Path(f"{path}.{kind}")
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        """The results report (.pdf), tables (.xlsx) or PNG charts (a folder), made in the document process."""
        if self.ctx.event is None:
            return
        lang = self.ctx.language
        self.ctx.ops.document(self, ops.write_results, self.ctx.event.id, target, lang) \
            .done(lambda files: self._said(t("survey.ui.written", lang, count=len(files), path=str(target)))).run()
