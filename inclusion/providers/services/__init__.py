"""Every write to the directory goes through these modules: atomic, audited in the same
transaction, and followed by ``refresh_provider_status`` where status may have changed."""
