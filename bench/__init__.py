"""Benchmarks and the synthetic report generator (``bench.generator``)."""
