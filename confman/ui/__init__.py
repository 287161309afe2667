"""The PySide6 user interface: pages that call core services through the task runner."""
