"""Display logic for directory pages."""
