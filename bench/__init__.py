"""Benchmarks run by `make bench`: figures to read, never assertions."""
