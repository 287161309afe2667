"""The desk's verdict sounds (QtMultimedia is optional: without it the desk is silent)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl

from confman.paths import resource_path


class Sounds(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[str, Any] = {}

    def play(self, tone: str) -> None:
        effect = self._effects.get(tone)
        if effect is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:
                return
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", f"{tone}.wav"))))
            effect.setVolume(0.6)
            self._effects[tone] = effect
        effect.play()
