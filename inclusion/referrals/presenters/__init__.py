"""Display logic for referral pages."""
