"""The stored queries reference: each `queries/*.rq` with its header, parameters, an
example command and its SPARQL, generated from the files themselves."""

from __future__ import annotations

from warkg.catalogue import stored


def page() -> str:
    queries = stored.list_queries()
    lines = [
        "# Stored queries",
        "",
        "<!-- Generated from queries/*.rq at every build (docs/_hooks/queries_page.py). -->",
        "",
        f"warkg ships {len(queries)} stored queries in `queries/`. Each is one SPARQL "
        "file whose `#+` comment header (YAML) gives its summary, description and typed "
        "parameters, so the file stays valid SPARQL. Run one with `warkg query NAME`, "
        "from Python with `run_query(graph, NAME, **params)`, or over HTTP at "
        "`/queries/NAME`. Parameters are bound as RDF terms, never pasted into the text. "
        "Queries named `*-violation` must return no rows: `warkg query` exits 1 when "
        "they do, so they can gate CI.",
        "",
        "Parameter types: `iri` takes a full IRI, a prefixed name such as "
        "`agent:armenia`, or a bare slug (`armenia`) completed with the prefix of the "
        "default; `xsd:positiveInteger` and `xsd:integer` take digits; `xsd:date` takes "
        "`YYYY-MM-DD`; `xsd:string` any text.",
        "",
        "| query | what it answers |",
        "|---|---|",
    ]
    for query in queries:
        lines.append(f"| [`{query.name}`](#{query.name}) | {query.summary} |")
    lines.append("")
    for query in queries:
        lines += [f"## `{query.name}` {{ #{query.name} }}", "", f"**{query.summary}**", ""]
        lines += [query.description, ""]
        if query.params:
            lines += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
            for param in query.params:
                default = f"`{param.default}`" if param.default is not None else "required"
                meaning = " ".join(param.description.split())
                lines.append(f"| `{param.name}` | `{param.type}` | {default} | {meaning} |")
            lines.append("")
        example = " ".join(f"-p {p.name}={p.default or 'VALUE'}" for p in query.params)
        url = "&".join(f"{p.name}={p.default or 'VALUE'}" for p in query.params)
        lines += [
            "```",
            f"warkg query {query.name}{' ' + example if example else ''}",
            f"curl 'http://127.0.0.1:8000/queries/{query.name}{'?' + url if url else ''}'",
            "```",
            "",
        ]
        if query.list_columns:
            columns = ", ".join(f"`{c}`" for c in query.list_columns)
            lines += [
                f"List columns (space-separated, sorted the same way on every engine): {columns}.",
                "",
            ]
        lines += [
            '??? example "The query"',
            "",
            "    ```sparql",
            *(f"    {line}" if line else "" for line in query.sparql.strip("\n").splitlines()),
            "    ```",
            "",
        ]
    return "\n".join(lines)
