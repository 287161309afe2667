"""User guide and About dialog."""
