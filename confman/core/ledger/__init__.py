"""Append-only logs about delegates that several features read (below registration)."""
