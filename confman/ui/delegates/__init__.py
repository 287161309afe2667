"""The Delegates page, its table model and dialogs."""
