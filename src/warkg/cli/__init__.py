"""The `warkg` command line: `main` (the click group, `main(argv) -> int`), `launch`
(the console script, Ctrl-C handling), `choices` (what `--help` shows, importing
nothing), and one module per group of commands: `query` (queries, query, sparql, load),
`serve`, `wikidata`.

The top layer: it may import every package below; nothing imports it.
"""
