"""The speaker timer: a separate window for a second monitor with a large countdown.

Normal (dark) while more than two minutes are left, amber for the last two minutes,
red once the planned time is over — then it counts up (``+01:23``). Time comes from an
injectable clock (a callable returning monotonic seconds) so tests control it; a QTimer
only asks for a repaint. "Finish" stops the clock and records the time actually used on
the presentation (through ``on_finished``, which the page wires to the service).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.widgets.fit import fit_to_screen

WARNING_SECONDS = 120

Clock = Callable[[], float]


class TimerState(StrEnum):
    READY = "ready"
    NORMAL = "normal"
    WARNING = "warning"
    OVERRUN = "overrun"


#: Background and text colours per state.
COLOURS: dict[TimerState, tuple[str, str]] = {
    TimerState.READY: ("#17202A", "#D6EAF8"),
    TimerState.NORMAL: ("#0B3D2E", "#E8F8F5"),
    TimerState.WARNING: ("#F5A623", "#1B1B1B"),
    TimerState.OVERRUN: ("#B3261E", "#FFFFFF"),
}


def format_clock(seconds: float) -> str:
    """``MM:SS`` (``H:MM:SS`` past an hour) of the absolute value, rounded up for a countdown."""
    whole = int(abs(seconds) + 0.999) if seconds > 0 else int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class SpeakerTimer:
    """The countdown's arithmetic, without widgets: start, pause, reset, elapsed, state."""

    def __init__(self, planned_seconds: int, clock: Clock = time.monotonic) -> None:
        self.planned_seconds = max(0, int(planned_seconds))
        self.clock = clock
        self._accumulated = 0.0
        self._started_at: float | None = None

    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def elapsed(self) -> float:
        extra = self.clock() - self._started_at if self._started_at is not None else 0.0
        return self._accumulated + max(0.0, extra)

    @property
    def remaining(self) -> float:
        """Seconds left; negative once over time."""
        return self.planned_seconds - self.elapsed

    @property
    def state(self) -> TimerState:
        if not self.running and self.elapsed == 0:
            return TimerState.READY
        left = self.remaining
        if left <= 0:
            return TimerState.OVERRUN
        if left <= WARNING_SECONDS:
            return TimerState.WARNING
        return TimerState.NORMAL

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self.clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._accumulated = self.elapsed
            self._started_at = None

    def reset(self) -> None:
        self._accumulated = 0.0
        self._started_at = None

    def display(self) -> str:
        left = self.remaining
        return f"+{format_clock(-left)}" if left < 0 else format_clock(left)


class TimerWindow(QWidget):
    """Full-screen-capable countdown for the speaker's monitor."""

    state_changed = Signal(str)
    finished = Signal(int)  # seconds used

    def __init__(self, *, speaker: str, title: str, planned_minutes: int, clock: Clock = time.monotonic,
                 on_finished: Callable[[int], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("speakerTimer")
        self.timer = SpeakerTimer(planned_minutes * 60, clock)
        self._on_finished = on_finished
        self._state: TimerState | None = None
        self.recorded_seconds: int | None = None

        self.speaker_label = QLabel(speaker)
        self.speaker_label.setObjectName("timerSpeaker")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("timerTitle")
        self.title_label.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("timerClock")
        self.clock_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status_label = QLabel()
        self.status_label.setObjectName("timerStatus")
        for label in (self.speaker_label, self.title_label, self.clock_label, self.status_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.start_button = QPushButton()
        self.start_button.setObjectName("timerStart")
        self.start_button.clicked.connect(self.toggle)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("timerReset")
        self.reset_button.clicked.connect(self.reset)
        self.finish_button = QPushButton()
        self.finish_button.setObjectName("timerFinish")
        self.finish_button.clicked.connect(self.finish)
        self.fullscreen_button = QPushButton()
        self.fullscreen_button.setObjectName("timerFullScreen")
        self.fullscreen_button.clicked.connect(self.toggle_full_screen)
        self.controls = QWidget()
        buttons = QHBoxLayout(self.controls)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.start_button, self.reset_button, self.finish_button, self.fullscreen_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(36)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.addWidget(self.speaker_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.clock_label, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.controls)

        QShortcut(QKeySequence(Qt.Key.Key_Space), self, activated=self.toggle)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, activated=self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._leave_full_screen)

        self.ticker = QTimer(self)
        self.ticker.setInterval(200)
        self.ticker.timeout.connect(self.refresh)
        fit_to_screen(self, 960, 600)
        self.retranslate()
        self.refresh()

    # behaviour ---------------------------------------------------------------
    @property
    def state(self) -> TimerState:
        return self.timer.state

    def toggle(self) -> None:
        if self.timer.running:
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        self.timer.start()
        self.ticker.start()
        self.refresh()

    def pause(self) -> None:
        self.timer.pause()
        self.ticker.stop()
        self.refresh()

    def reset(self) -> None:
        self.timer.reset()
        self.ticker.stop()
        self.recorded_seconds = None
        self.refresh()

    def finish(self) -> int:
        """Stop and record the time used (rounded to whole seconds)."""
        self.pause()
        seconds = round(self.timer.elapsed)
        self.recorded_seconds = seconds
        if self._on_finished is not None:
            self._on_finished(seconds)
        self.finished.emit(seconds)
        self.refresh()
        return seconds

    def refresh(self) -> None:
        state = self.timer.state
        self.clock_label.setText(self.timer.display())
        if state != self._state:
            self._state = state
            self._apply_colours(state)
            self.state_changed.emit(state.value)
        self._update_texts()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()

    def show_on_second_screen(self, avoid: QWidget | None = None) -> None:
        """Show on a screen other than ``avoid``'s (the organiser's), full screen when there is one."""
        screens = QGuiApplication.screens()
        current = avoid.screen() if avoid is not None else QGuiApplication.primaryScreen()
        other = next((s for s in screens if s is not current), None)
        if other is not None:
            self.setScreen(other)
            self.move(other.geometry().topLeft())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    # looks -------------------------------------------------------------------
    def _apply_colours(self, state: TimerState) -> None:
        background, ink = COLOURS[state]
        self.setStyleSheet(
            f"QWidget#speakerTimer {{ background: {background}; }}"
            f"QWidget#speakerTimer QLabel {{ color: {ink}; background: transparent; }}"
            "QWidget#speakerTimer QPushButton { font-size: 15px; padding: 6px 18px; }"
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        height = max(200, self.height())
        big = QFont(self.font())
        big.setPixelSize(max(48, int(height * 0.36)))
        big.setWeight(QFont.Weight.Bold)
        big.setStyleHint(QFont.StyleHint.Monospace)
        self.clock_label.setFont(big)
        name = QFont(self.font())
        name.setPixelSize(max(20, int(height * 0.07)))
        name.setWeight(QFont.Weight.DemiBold)
        self.speaker_label.setFont(name)
        title = QFont(self.font())
        title.setPixelSize(max(14, int(height * 0.04)))
        self.title_label.setFont(title)
        status = QFont(self.font())
        status.setPixelSize(max(14, int(height * 0.045)))
        status.setWeight(QFont.Weight.DemiBold)
        self.status_label.setFont(status)

    def _update_texts(self) -> None:
        self.start_button.setText(t("presentations.timer.pause") if self.timer.running
                                  else t("presentations.timer.start"))
        state = self.timer.state
        if self.recorded_seconds is not None:
            self.status_label.setText(t("presentations.timer.recorded", used=format_clock(self.recorded_seconds)))
        else:
            self.status_label.setText(t(f"presentations.timer.state.{state.value}",
                                        planned=self.timer.planned_seconds // 60))

    def retranslate(self) -> None:
        self.setWindowTitle(t("presentations.timer.window_title"))
        self.reset_button.setText(t("presentations.timer.reset"))
        self.finish_button.setText(t("presentations.timer.finish"))
        self.fullscreen_button.setText(t("presentations.timer.full_screen"))
        self._update_texts()
