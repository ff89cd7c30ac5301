"""Inclusion Partnerships: keeping vulnerable pupils in education."""
