"""Dumps: the format table, byte-stable writers, and the dataset files written all or nothing."""
