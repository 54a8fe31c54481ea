"""RDF at the bottom of warkg: the prefixes (declared once), reading Turtle with
file:line:column errors, where each node is written, canonical Turtle, and RDF terms
(how they are shown and converted between rdflib and pyoxigraph).

Nothing here imports another warkg package; every package above may import it.
"""
