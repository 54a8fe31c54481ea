"""The only modules that touch pySHACL's private internals: `spec` (where pySHACL 0.40
departs from the SHACL spec) and `speedups` (where it spends time for nothing). Each
checks at import that what it replaces exists (`require`); pySHACL's version range is
bounded in pyproject.toml, and tests/validation/test_pyshacl_patches.py pins the
behaviour each patch relies on.
"""
