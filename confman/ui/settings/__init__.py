"""Settings page and backups dialog."""
