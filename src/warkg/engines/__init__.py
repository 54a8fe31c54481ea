"""Where queries run: `rdflib` (the reference), `oxigraph` (the fast embedded engine) and
`remote` (any SPARQL 1.1 endpoint), behind one `base.Backend`; `opening` opens one on
the shipped data; `upload` loads the data into a store (`warkg load`); `http` is the
one HTTP client for every request warkg sends (Wikidata's too), `deadline` its time
limit for a whole exchange.
"""
