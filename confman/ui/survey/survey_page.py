"""The Survey page: questionnaire, units (tracker), collection, live results.

Builds the tabs, asks ops for the survey's state (the newest read wins) and hands it to the
tabs; every write broadcasts its ``Changes``, which brings a fresh state. The tabs' domain
errors are shown in the page's message line; anything else goes to the crash dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.survey import ops
from confman.ui.survey.collect_tab import CollectTab
from confman.ui.survey.entry_dialog import EntryDialog
from confman.ui.survey.ops import SurveyState, UnitRow
from confman.ui.survey.questions_tab import QuestionsTab
from confman.ui.survey.results_tab import ResultsTab
from confman.ui.survey.units_tab import UnitsTab

WATCHED = ("survey", "survey_questions", "survey_units", "survey_responses", "delegates", "organizations")


class SurveyPage(Page):
    nav_key = "nav.survey"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.state: SurveyState | None = None
        self._dirty = True
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.message = QLabel()
        self.message.setObjectName("surveyMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.questions = QuestionsTab(ctx, self.show_error_text, self.say)
        self.units = UnitsTab(ctx, self.show_error_text, self.say, self.open_entry,
                              lambda: self.tabs.setCurrentWidget(self.questions))
        self.collect = CollectTab(ctx, self.show_error_text, self.say)
        self.results = ResultsTab(ctx, self.show_error_text, self.say,
                                  lambda: self.tabs.setCurrentWidget(self.questions))
        for tab in (self.questions, self.units, self.collect, self.results):
            self.tabs.addTab(tab, "")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        ctx.event_changed.connect(lambda _e: self.refresh())
        ctx.data_changed.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.survey", lang))
        for i, key in enumerate(("questions", "units", "collect", "results")):
            self.tabs.setTabText(i, t(f"survey.ui.tab.{key}", lang))
        for tab in (self.questions, self.units, self.collect, self.results):
            tab.retranslate()
        if self.state is not None:
            self.questions.set_survey(self.state.survey)

    def activated(self) -> None:
        if self._dirty:
            self.refresh()

    def _changed(self, changes: Changes) -> None:
        if any(changes.touches(kind) for kind in WATCHED):
            if self.isVisible() or self.ctx.synchronous:
                self.refresh()
            else:
                self._dirty = True

    @property
    def data_shown(self) -> bool:
        return self.ctx.event is None or not self._dirty

    def refresh(self) -> None:
        """Read the survey's state in an op; a newer read drops an older one."""
        if self.ctx.event is None:
            return
        event_id = self.ctx.event.id
        if self.state is None:
            self.say(t("ops.loading", self.ctx.language))
        self.ctx.ops.read(self, lambda db: ops.load_state(db, event_id)).latest("state").done(self._loaded).run()

    def _loaded(self, state: SurveyState) -> None:
        self._dirty = False
        if self.message.text() == t("ops.loading", self.ctx.language):
            self.message.clear()
        self.set_state(state)

    def set_state(self, state: SurveyState) -> None:
        self.state = state
        self.questions.set_survey(state.survey)
        self.units.set_status(state.status)
        self.results.set_results(state.results)

    def open_entry(self, unit: UnitRow) -> EntryDialog | None:
        if self.state is None or self.state.survey is None or not self.state.survey.questions:
            self.say(describe(DomainError("survey.no_questions"), self.ctx.language))
            return None
        dialog = EntryDialog(self.ctx, self.state.survey, unit, self)
        dialog.open()
        self.entry_dialog = dialog
        return dialog

    def say(self, text: str) -> None:
        self.message.setStyleSheet("color:#1F3A5F;")
        self.message.setText(text)

    def show_error_text(self, text: str) -> None:
        """A domain error of the page's or a tab's op, in the page's message line."""
        self.message.setStyleSheet("color:#B3261E;")
        self.message.setText(text)
