"""Commands of the query feature (being written)."""
