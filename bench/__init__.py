"""Benchmarks: each script writes its section of docs/benchmarks.md (bench/report.py)."""
