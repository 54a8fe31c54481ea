"""The only modules that touch pySHACL's internals: `spec` (where pySHACL 0.40 departs
from the SHACL spec), `speedups` (where it spends time for nothing) and `focus` (the
shapes and focus nodes pySHACL finds, for `validation.census`). Each checks at import
that what it reads or replaces exists (`require`); pySHACL's version range is bounded in
pyproject.toml. Pinned by tests/validation/test_pyshacl_patches.py (what `speedups` asks
of rdflib, `focus`), test_upstream_bugs.py and test_gate_findings.py (what `spec`
corrects, upstream and here) and test_fast_paths.py (`speedups` change no result).
"""
