"""Widgets and helpers shared by several pages."""
