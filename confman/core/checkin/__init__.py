"""Check-in: the append-only scan log and its verdicts."""
