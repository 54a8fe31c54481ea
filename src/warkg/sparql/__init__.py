"""SPARQL text: the linear-time token scan, the checks every query passes before an
engine sees it (syntax, read-only, no SERVICE or FROM), and the SPARQL 1.1 Protocol's
request forms for a remote endpoint.
"""
