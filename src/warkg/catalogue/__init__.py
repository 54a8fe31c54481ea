"""The stored queries (`queries/*.rq`): reading them with their typed parameters
(`stored`), running them by name or ad-hoc SPARQL on any engine (`run`), the quick
path without rdflib for the command line's default (`quick`), and writing
queries/index.json (`index`: python -m warkg.catalogue.index --write).
"""
