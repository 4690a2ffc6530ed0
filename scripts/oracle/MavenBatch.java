// Maven's own ComparableVersion and VersionRange (maven-artifact) as a line-oriented oracle.
//   java -cp $PEERS/maven:<maven-artifact.jar>:<commons-lang3.jar> MavenBatch compare   (A<TAB>B -> -1|0|1)
//   java -cp ... MavenBatch range                                                     (RANGE<TAB>V -> true|false)
// Built by scripts/peers/install; used by scripts/oracle/diff.py.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.VersionRange;

public class MavenBatch {
    public static void main(String[] args) throws Exception {
        boolean range = args.length > 0 && args[0].equals("range");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(System.out);
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String a = tab < 0 ? line : line.substring(0, tab);
            String b = tab < 0 ? "" : line.substring(tab + 1);
            try {
                if (range) {
                    VersionRange r = VersionRange.createFromVersionSpec(a);
                    out.println(r.containsVersion(new DefaultArtifactVersion(b)));
                } else {
                    int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
                    out.println(Integer.signum(c));
                }
            } catch (Exception e) {
                out.println("error: " + e.getMessage());
            }
        }
        out.flush();
    }
}
