"""Events: the conferences a database holds."""
