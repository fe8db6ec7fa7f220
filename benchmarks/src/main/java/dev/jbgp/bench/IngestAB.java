package dev.jbgp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * Compares versions of bgp-rib on {@link RibIngestBenchmark}'s {@code fullTable} inside one JVM, so
 * that they share the machine's noise: each argument is a directory of compiled bgp-rib classes, put
 * in its own class loader before the benchmarks jar named by {@code -Djar=}; the rounds (a fresh RIB
 * each, the reference table fed in) run the versions in turn, rotating who goes first, and per version
 * the median, first quartile and best thread CPU time per route are printed. On the shared 2-core
 * machine separate JVMs of the same code differ by ±15 %, which hides any change smaller than that.
 *
 * <pre>
 * git archive REV bgp-rib/src/main/java | tar -x -C /tmp/REV-src
 * javac -d /tmp/REV -cp benchmarks/target/benchmarks.jar $(find /tmp/REV-src -name '*.java' ! -name module-info.java)
 * java -Xms4g -Xmx4g -XX:+UseParallelGC -Dio.netty.leakDetection.level=DISABLED -Djar=benchmarks/target/benchmarks.jar \
 *     -Drounds=80 -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.IngestAB /tmp/A /tmp/B
 * </pre>
 *
 * The jar's own {@code RibIngestBenchmark.newRib()} makes each RIB, so the jar must be one whose
 * benchmarks match the bgp-rib API of every version compared (main's jar for older versions).
 */
public final class IngestAB {

    private IngestAB() {
    }

    public static void main(String[] args) throws Exception {
        String jar = System.getProperty("jar", "benchmarks/target/benchmarks.jar");
        int rounds = Integer.getInteger("rounds", 40);
        int n = args.length;
        Object[] feeders = new Object[n];
        Object[] streams = new Object[n];
        Method[] feed = new Method[n];
        Method[] newRib = new Method[n];
        Method[] source = new Method[n];
        for (int i = 0; i < n; i++) {
            URLClassLoader l = new URLClassLoader(new URL[] {Paths.get(args[i]).toUri().toURL(), Paths.get(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> ts = l.loadClass("dev.jbgp.bench.TableStreams");
            Class<?> rb = l.loadClass("dev.jbgp.bench.RibIngestBenchmark");
            Class<?> sf = l.loadClass("dev.jbgp.bench.StreamFeeder");
            Class<?> ctx = l.loadClass("dev.jbgp.wire.CodecContext");
            feeders[i] = sf.getConstructor(ctx).newInstance(ctx.getField("MODERN").get(null));
            streams[i] = ts.getMethod("encode", List.class).invoke(null, ts.getMethod("groups").invoke(null));
            newRib[i] = rb.getDeclaredMethod("newRib");
            newRib[i].setAccessible(true);
            source[i] = rb.getDeclaredMethod("source");
            source[i].setAccessible(true);
            for (Method m : sf.getMethods()) {
                if (m.getName().equals("feed")) {
                    feed[i] = m;
                }
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int i = (r + k) % n;
                Object rib = newRib[i].invoke(null);
                Object peer = source[i].invoke(null);
                long c0 = mx.getCurrentThreadCpuTime();
                feed[i].invoke(feeders[i], rib, peer, streams[i]);
                cpu[i][r] = (mx.getCurrentThreadCpuTime() - c0) / (double) TableStreams.PREFIXES;
            }
        }
        int warm = rounds / 4;
        for (int i = 0; i < n; i++) {
            double[] c = Arrays.copyOfRange(cpu[i], warm, rounds);
            Arrays.sort(c);
            System.out.printf("%s: cpu median %.1f, first quartile %.1f, best %.1f ns/route (%d rounds after %d warm-up)%n",
                    args[i], c[c.length / 2], c[c.length / 4], c[0], c.length, warm);
        }
    }
}
