// Maven's own ComparableVersion and VersionRange (maven-artifact) as a line-oriented oracle.
//   java -cp $PEERS/maven:<maven-artifact.jar>:<commons-lang3.jar> MavenBatch compare   (A<TAB>B -> -1|0|1)
//   java -cp ... MavenBatch range                                                     (RANGE<TAB>V -> true|false)
//   java -cp ... MavenBatch bench FILE    times ComparableVersion compareTo over FILE's pairs, prints ops/s
// Built by scripts/peers/install; used by scripts/oracle/diff.py.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.VersionRange;

public class MavenBatch {
    static void bench(String file) throws Exception {
        java.util.List<String[]> pairs = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get(file), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            pairs.add(new String[] {tab < 0 ? line : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1)});
        }
        double seconds = 1.5;
        String env = System.getenv("BENCH_SECONDS");
        if (env != null) seconds = Double.parseDouble(env);
        long sink = 0;
        // Warm-up passes for the JIT.
        for (int w = 0; w < 3; w++)
            for (String[] p : pairs) sink += new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]));
        int passes = 0;
        long start = System.nanoTime();
        double elapsed = 0;
        while (elapsed < seconds) {
            for (String[] p : pairs) sink += new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]));
            passes++;
            elapsed = (System.nanoTime() - start) / 1e9;
        }
        System.out.printf("%.0f%n", pairs.size() * passes / elapsed);
        System.err.printf("compare: %d cases x %d passes in %.2fs (%d)%n", pairs.size(), passes, elapsed, sink);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("bench")) {
            bench(args[1]);
            return;
        }
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
