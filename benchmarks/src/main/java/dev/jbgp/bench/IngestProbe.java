package dev.jbgp.bench;

import dev.jbgp.rib.Rib;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link RibIngestBenchmark}'s {@code fullTable} and {@code raceLoad} without JMH, to see where their
 * scores swing: each round feeds the whole stream into a fresh RIB (made outside the timing) and
 * prints its wall time, its thread CPU time (which leaves out the collector's threads and the time
 * other processes hold the core), the bytes it allocated and the collections and collector
 * milliseconds that fell inside it.
 * At the end: the median and the best of each.
 *
 * <pre>
 * java -Xms4g -Xmx4g -XX:+UseParallelGC -Dio.netty.leakDetection.level=DISABLED \
 *     -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.IngestProbe table 40
 * </pre>
 *
 * Arguments: {@code table} (the reference table, 323,485 routes) or {@code race} (1,000,000 /24s in
 * 1000 sets), the number of rounds (default 30), and {@code gc} to collect before each round (as a
 * long-running speaker's heap would look when a table arrives, without the previous round's RIB).
 */
public final class IngestProbe {

    private IngestProbe() {
    }

    public static void main(String[] args) throws Exception {
        String source = args.length > 0 ? args[0] : "table";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        boolean collect = args.length > 2 && args[2].equals("gc");
        ByteBuf stream;
        int routes;
        if (source.equals("race")) {
            java.nio.ByteBuffer r = RaceStream.build(RibIngestBenchmark.RACE_ROUTES, RibIngestBenchmark.RACE_SETS,
                    TableStreams.PEER_AS);
            stream = Unpooled.directBuffer(r.remaining());
            stream.writeBytes(r);
            routes = RibIngestBenchmark.RACE_ROUTES;
        } else {
            stream = TableStreams.encode(TableStreams.groups());
            routes = TableStreams.PREFIXES;
        }
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
            long self = Thread.currentThread().getId();
            StreamFeeder feeder = new StreamFeeder(RibIngestBenchmark.CTX);
            double[] wall = new double[rounds];
            double[] cpu = new double[rounds];
            long sink = 0;
            for (int i = 0; i < rounds; i++) {
                Rib rib = RibIngestBenchmark.newRib();
                if (collect) {
                    System.gc();
                }
                long gcCount0 = gcCount();
                long gcMs0 = gcMillis();
                long a0 = alloc.getThreadAllocatedBytes(self);
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sink += feeder.feed(rib, RibIngestBenchmark.source(), stream);
                wall[i] = (System.nanoTime() - w0) / (double) routes;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / (double) routes;
                double bytes = (alloc.getThreadAllocatedBytes(self) - a0) / (double) routes;
                System.out.printf("round %2d: wall %6.1f ns/route, cpu %6.1f ns/route, %5.1f B/route allocated, %d collections, %d ms%n",
                        i, wall[i], cpu[i], bytes, gcCount() - gcCount0, gcMillis() - gcMs0);
            }
            int warm = Math.min(rounds - 1, rounds / 3);
            double[] w = Arrays.copyOfRange(wall, warm, rounds);
            double[] c = Arrays.copyOfRange(cpu, warm, rounds);
            Arrays.sort(w);
            Arrays.sort(c);
            System.out.printf("%s after %d warm-up rounds: wall median %.1f best %.1f, cpu median %.1f best %.1f ns/route%n",
                    source, warm, w[w.length / 2], w[0], c[c.length / 2], c[0]);
            System.out.println("(checksum " + sink + ")");
        } finally {
            stream.release();
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionTime());
        }
        return n;
    }
}
