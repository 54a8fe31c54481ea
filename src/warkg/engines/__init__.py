"""Where queries run: `rdflib` (the reference), `oxigraph` (the fast embedded engine) and
`remote` (any SPARQL 1.1 endpoint), behind one `base.Backend`; `opening` opens one on
the shipped data; `upload` loads the data into a store (`warkg load`); `http` and
`deadline` are the HTTP exchange they use.
"""
