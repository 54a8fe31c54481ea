// Runs SPARQL SELECT queries with Comunica (@comunica/query-sparql 4, the Node 20 line)
// over one RDF document, writing each answer as SPARQL results JSON, so the tests can
// compare Comunica's rows with warkg's backends (tests/test_stores_engines.py).
//
// Usage: NODE_PATH=.../node_modules node run-queries.cjs OUT_DIR QUERY_DIR SOURCE_URL
//   every QUERY_DIR/NAME.rq is answered in OUT_DIR/NAME.json (or NAME.error on failure).
const fs = require("fs");
const path = require("path");
const { QueryEngine } = require("@comunica/query-sparql");

async function main() {
  const [out, queries, source] = process.argv.slice(2);
  const engine = new QueryEngine();
  for (const name of fs.readdirSync(queries).sort()) {
    if (!name.endsWith(".rq")) continue;
    const stem = name.slice(0, -3);
    const text = fs.readFileSync(path.join(queries, name), "utf8");
    try {
      const result = await engine.query(text, { sources: [source] });
      const { data } = await engine.resultToString(result, "application/sparql-results+json");
      const chunks = [];
      for await (const chunk of data) chunks.push(chunk);
      fs.writeFileSync(path.join(out, stem + ".json"), chunks.join(""));
    } catch (error) {
      fs.writeFileSync(path.join(out, stem + ".error"), String(error).replace(/\n/g, " "));
    }
  }
}

main().catch((error) => {
  console.error(String(error));
  process.exit(1);
});
