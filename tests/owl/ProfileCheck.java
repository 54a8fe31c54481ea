// OWL 2 DL profile check of an ontology file with the OWL API (Debian's libowlapi-java).
// Compiled and run by tests/test_owl_profile.py; prints one line per violation, then
// "violations: N". Exit code 0 when the file loads (whatever N is), 2 when it cannot.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
            for (int i = 1; i < args.length; i++) {
                OWLOntology more = manager.loadOntologyFromOntologyDocument(new File(args[i]));
                manager.addAxioms(ontology, more.axioms());
            }
        } catch (Exception e) {
            System.err.println("cannot load: " + e.getMessage().split("\n")[0]);
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        int count = 0;
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.getClass().getSimpleName() + ": " + violation.toString().replace('\n', ' '));
            count++;
        }
        System.out.println("violations: " + count);
    }
}
