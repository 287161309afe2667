"""The user guide (Markdown bundled in resources/help) and the About dialog."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from confman import __version__
from confman.i18n import t
from confman.paths import resource_path
from confman.ui.widgets.fit import fit_to_screen

#: (distribution, licence) of what a bundle ships; shown in About.
LIBRARIES: tuple[tuple[str, str], ...] = (
    ("PySide6-Essentials", "LGPL-3.0"),
    ("SQLAlchemy", "MIT"),
    ("alembic", "MIT"),
    ("reportlab", "BSD"),
    ("qrcode", "BSD"),
    ("zxing-cpp", "Apache-2.0"),
    ("pypdfium2", "Apache-2.0 / BSD-3-Clause"),
    ("python-calamine", "MIT"),
    ("openpyxl", "MIT"),
    ("phonenumbers", "Apache-2.0"),
    ("platformdirs", "MIT"),
    ("pillow", "MIT-CMU"),
    ("Babel", "BSD-3-Clause"),
)


def guide_path(lang: str):
    path = resource_path("help", f"guide.{lang}.md")
    return path if path.exists() else resource_path("help", "guide.vi.md")


class GuideDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(t("help.guide"))
        fit_to_screen(self, 900, 700)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = guide_path(lang)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "—"


def about_text(database: str) -> str:
    """The About text (plain, one fact a line)."""
    lines = [
        t("help.about.version", version=__version__),
        t("help.about.database", location=database),
        t("help.about.python", python=platform.python_version(), qt=pyside_version),
        "",
        t("help.about.font"),
        "",
        t("help.about.libraries"),
    ]
    lines += [f"  {dist} {_version(dist)} — {licence}" for dist, licence in LIBRARIES]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(t("help.about"))
        fit_to_screen(self, 560, 480)
        self.text = QTextBrowser()
        self.text.setPlainText(about_text(database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
