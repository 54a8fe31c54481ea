// Validates many SHACL cases in one JVM with Apache Jena SHACL (Debian's
// libapache-jena-java), for the differential test of warkg's validation
// (tests/validation/test_differential.py).
//
// Usage: java ShaclCases CASE_DIR...
//   each CASE_DIR holds shapes.ttl and data.ttl; Jena's report, together with the data
//   graph (so the report's blank nodes carry the labels the data's have), is written to
//   CASE_DIR/jena.nt, or the error to CASE_DIR/jena.error.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.graph.GraphFactory;

public class ShaclCases {
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            Path dir = Paths.get(arg);
            try {
                Graph shapesGraph = RDFDataMgr.loadGraph(dir.resolve("shapes.ttl").toString());
                Graph data = RDFDataMgr.loadGraph(dir.resolve("data.ttl").toString());
                Shapes shapes = Shapes.parse(shapesGraph);
                ValidationReport report = ShaclValidator.get().validate(shapes, data);
                Graph out = GraphFactory.createDefaultGraph();
                report.getGraph().find().forEachRemaining(out::add);
                data.find().forEachRemaining(out::add);
                try (OutputStream stream = new FileOutputStream(dir.resolve("jena.nt").toFile())) {
                    RDFDataMgr.write(stream, out, Lang.NTRIPLES);
                }
            } catch (Throwable error) {
                try (PrintStream message = new PrintStream(dir.resolve("jena.error").toFile(), "UTF-8")) {
                    message.println(error.toString().replace('\n', ' '));
                }
            }
        }
    }
}
