"""Attendance views, one module per feature; each module lists its own URLs."""
