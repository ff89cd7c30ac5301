"""Referral forms: they turn input into clean values; the rules live in ``services``."""
