"""Commands of the check feature (being written)."""
