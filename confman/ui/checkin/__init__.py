"""Check-in desk: scan page, scanner filter, camera and its frame decoder."""
