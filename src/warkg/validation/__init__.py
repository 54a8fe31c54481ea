"""SHACL validation with a verdict of our own: the API, the reports (text, JSON, JUnit,
SARIF, GitHub annotations), the fast paths proven against plain pySHACL, and
`pyshacl_patches`, the only place that touches pySHACL's internals.
"""
