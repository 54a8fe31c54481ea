"""The only modules that touch pySHACL's private internals (its version range is
bounded in pyproject.toml; tests pin the behaviour relied on).
"""
