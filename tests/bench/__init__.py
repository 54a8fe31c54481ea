"""Tests of the benchmark scripts' own correctness (never of timings)."""
