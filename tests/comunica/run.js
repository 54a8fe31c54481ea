// node run.js DATA.nt QUERY.rq -> SPARQL results JSON on stdout (Comunica over an N3 store)
const fs = require('fs');
const { Parser, Store } = require('n3');
const { QueryEngine } = require('@comunica/query-sparql');
(async () => {
  const store = new Store(new Parser({ format: 'N-Triples' }).parse(fs.readFileSync(process.argv[2], 'utf8')));
  const engine = new QueryEngine();
  const result = await engine.query(fs.readFileSync(process.argv[3], 'utf8'), { sources: [store] });
  const { data } = await engine.resultToString(result, 'application/sparql-results+json');
  data.pipe(process.stdout);
})().catch((e) => { console.error(String(e)); process.exit(2); });
