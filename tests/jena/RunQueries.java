// Runs SPARQL SELECT queries with Apache Jena ARQ (Debian's libapache-jena-java) over
// Turtle files loaded once, writing each query's answer as SPARQL results JSON, so the
// tests can compare Jena's rows with warkg's backends (tests/test_stores_engines.py).
//
// Usage: java RunQueries OUT_DIR QUERY_DIR DATA.ttl...
//   every QUERY_DIR/NAME.rq is answered in OUT_DIR/NAME.json (or NAME.error on failure).
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Path queries = Paths.get(args[1]);
        Model model = ModelFactory.createDefaultModel();
        for (int i = 2; i < args.length; i++) {
            RDFDataMgr.read(model, args[i]);
        }
        try (Stream<Path> files = Files.list(queries)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".rq")) {
                    continue;
                }
                String stem = name.substring(0, name.length() - 3);
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                try {
                    Query query = QueryFactory.create(text);
                    try (QueryExecution execution = QueryExecutionFactory.create(query, model);
                         OutputStream json = new FileOutputStream(out.resolve(stem + ".json").toFile())) {
                        ResultSetFormatter.outputAsJSON(json, execution.execSelect());
                    }
                } catch (Exception error) {
                    try (PrintStream message = new PrintStream(out.resolve(stem + ".error").toFile(), "UTF-8")) {
                        message.println(error.toString().replace('\n', ' '));
                    }
                }
            }
        }
    }
}
