package dev.jbgp.bench;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where {@link UpdateDecodeBenchmark}'s time goes, without JMH: the same decode loop over the same
 * stream, stopped after one of four cumulative levels, each timed as the best of many passes in
 * thread CPU time (on a loaded machine the wall clock also counts the time other processes run).
 * <ol start="0">
 *   <li>{@link UpdateView#wrap} only (which, for a clean UPDATE, also checks and decodes the NLRI fields);</li>
 *   <li>plus {@link UpdateValidator#validate};</li>
 *   <li>plus every decision-field getter the benchmark reads;</li>
 *   <li>plus the walk over the withdrawn routes and the NLRI: the whole benchmark.</li>
 * </ol>
 * Prints ns per prefix and per UPDATE for each level; the differences between levels are the cost of
 * each step. Run each level in its own JVM (the JIT compiles the loop for the level it sees):
 *
 * <pre>
 * for l in 0 1 2 3; do java -Xmx4g -XX:+UseParallelGC -Dio.netty.leakDetection.level=DISABLED \
 *     -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.DecodeProbe mkupdates 80 $l; done
 * </pre>
 *
 * Arguments: the source ({@code mkupdates} or {@code jbgp}, see {@link UpdateDecodeBenchmark}), the
 * number of passes (default 60), and one level (default: all four in this JVM).
 */
public final class DecodeProbe {

    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();
    private final NlriCursor cursor = new NlriCursor();
    private final CodecContext ctx = CodecContext.MODERN;
    private long updates;

    private DecodeProbe() {
    }

    private long run(ByteBuf buf, int level) throws BgpDecodeException {
        int end = buf.writerIndex();
        long acc = 0;
        long n = 0;
        for (int pos = 0; pos < end; ) {
            buf.readerIndex(pos);
            UpdateView v = view.wrap(buf, ctx);
            pos += v.messageLength();
            n++;
            if (level >= 1 && !validator.validate(v).isOk()) {
                throw new IllegalStateException("UPDATE at " + v.messageOffset() + " rejected");
            }
            if (level >= 2) {
                acc += v.origin();
                acc += v.asPathHopCount();
                acc += v.asPathFirstAs();
                acc += v.asPathContains(65000) ? 1 : 0;
                acc += v.nextHop();
                acc += v.med();
                acc += v.localPref();
                acc += v.atomicAggregate() ? 1 : 0;
                acc += v.originatorId();
                acc += v.clusterListLength();
                acc += v.hasCommunity(Community.NO_EXPORT) ? 1 : 0;
            }
            if (level >= 3) {
                NlriCursor c = v.withdrawn(cursor);
                while (c.next()) {
                    acc += c.ipv4Address() ^ c.length();
                }
                c = v.nlri(cursor);
                while (c.next()) {
                    acc += c.ipv4Address() ^ c.length();
                }
            }
            acc += v.nlriLength();
        }
        buf.readerIndex(0);
        updates = n;
        return acc;
    }

    public static void main(String[] args) throws BgpDecodeException {
        String source = args.length > 0 ? args[0] : "mkupdates";
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int from = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int to = args.length > 2 ? from : 3;
        ByteBuf stream = switch (source) {
            case "mkupdates" -> TableStreams.mkupdatesStream();
            case "jbgp" -> TableStreams.encode(TableStreams.groups());
            default -> throw new IllegalArgumentException("unknown source " + source);
        };
        try {
            DecodeProbe probe = new DecodeProbe();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long sink = 0;
            for (int level = from; level <= to; level++) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < passes; i++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    sink += probe.run(stream, level);
                    best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
                }
                System.out.printf("%s level %d: %.2f ns/prefix, %.1f ns/UPDATE (thread CPU, best of %d)%n", source, level,
                        best / (double) TableStreams.PREFIXES, best / (double) probe.updates, passes);
            }
            System.out.println("(checksum " + sink + ")");
        } finally {
            stream.release();
        }
    }
}
