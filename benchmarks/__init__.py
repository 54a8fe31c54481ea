"""The benchmarks, run from the repository root as modules: `python -m benchmarks.run`,
`python -m benchmarks.load`, ... (see benchmarks/README.md)."""
