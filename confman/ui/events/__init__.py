"""The event dialog: the document fields of the current event."""
