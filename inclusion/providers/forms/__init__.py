"""Directory forms: they turn input into clean values; rules live in services."""
