"""Building graphs from articles: readers turn a source into one article model
(`model`), declared rules map the model to triples, a reviewed curation file holds the
editorial decisions the text cannot settle, and every output triple can say which rule
or curation entry made it (DBpedia's extraction framework is the model).

Nothing here imports the command line or the server.
"""
