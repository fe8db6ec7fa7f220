package dev.jbgp.bench;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding a full table's UPDATE stream with full attribute access, per prefix: for every UPDATE
 * {@link UpdateView#wrap}, {@link UpdateValidator#validate} (every attribute's flags, length and value,
 * every NLRI field), every field the decision process reads (ORIGIN, AS_PATH length, first AS and
 * loop check, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, ORIGINATOR_ID, CLUSTER_LIST length, a
 * community lookup), then a walk over the withdrawn routes and the NLRI. The score (ns/op) is the cost
 * of one prefix; with {@code -prof gc} {@code gc.alloc.rate.norm} is the bytes allocated per prefix.
 * (Since every NLRI entry is parsed to be checked — by {@code wrap} itself once the attributes came
 * out clean — the view hands the walk the entries it decoded then; the octets are parsed once, as a
 * receiver's would be.) {@link DecodeProbe} splits the time between these steps.
 *
 * <p>The stream is the reference table of {@link TableStreams} (AS4777, 323,485 prefixes,
 * 59,256 UPDATEs, 4-octet AS), from either source:
 * <ul>
 *   <li>{@code mkupdates}: the exact bytes {@code python3 ../shared/tools/mkupdates.py
 *       ../shared/testdata/tables/ris-bview.20100701.0759.tabledump2.txt.gz 4777 OUT} writes (made at setup,
 *       cached in {@code java.io.tmpdir}; needs python3) — the stream GoBGP 3.10's {@code ParseBGPMessage}
 *       takes about 600 ns per prefix on;</li>
 *   <li>{@code jbgp}: the same routes encoded by jbgp's own {@code UpdateBuilder}.</li>
 * </ul>
 *
 * <p>Run from the repository root (the data is looked for in {@code ../shared}, see {@link TableStreams}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar UpdateDecodeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class UpdateDecodeBenchmark extends BenchmarkBase {

    /** Where the stream comes from (see the class comment). */
    @Param({"mkupdates", "jbgp"})
    public String source;

    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();
    private final NlriCursor cursor = new NlriCursor();
    private final CodecContext ctx = CodecContext.MODERN;
    private ByteBuf stream;

    @Setup
    public void setUp() throws BgpDecodeException {
        stream = switch (source) {
            case "mkupdates" -> TableStreams.mkupdatesStream();
            case "jbgp" -> TableStreams.encode(TableStreams.groups());
            default -> throw new IllegalArgumentException("unknown source " + source);
        };
        long[] counts = new long[2];
        decode(counts);
        if (counts[0] != TableStreams.UPDATES || counts[1] != TableStreams.PREFIXES) {
            stream.release();
            throw new IllegalStateException("stream " + source + " holds " + counts[0] + " UPDATEs and " + counts[1]
                    + " prefixes, expected " + TableStreams.UPDATES + " and " + TableStreams.PREFIXES);
        }
    }

    @TearDown
    public void tearDown() {
        stream.release();
    }

    /** Decodes the whole stream; the result depends on every field read, so nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long decode() throws BgpDecodeException {
        return decode(null);
    }

    /**
     * The measured work. {@code counts}, when given, receives the number of UPDATEs and prefixes (setup
     * uses it to check the stream is the expected one).
     */
    long decode(long[] counts) throws BgpDecodeException {
        ByteBuf buf = stream;
        int end = buf.writerIndex();
        long acc = 0;
        long updates = 0;
        long prefixes = 0;
        for (int pos = 0; pos < end; ) {
            buf.readerIndex(pos);
            UpdateView v = view.wrap(buf, ctx);
            pos += v.messageLength();
            UpdateVerdict verdict = validator.validate(v);
            if (!verdict.isOk()) {
                throw new IllegalStateException("UPDATE at " + v.messageOffset() + " rejected: " + verdict);
            }
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
            NlriCursor c = v.withdrawn(cursor);
            while (c.next()) {
                acc += c.ipv4Address() ^ c.length();
                prefixes++;
            }
            c = v.nlri(cursor);
            while (c.next()) {
                acc += c.ipv4Address() ^ c.length();
                prefixes++;
            }
            updates++;
        }
        buf.readerIndex(0);
        if (counts != null) {
            counts[0] = updates;
            counts[1] = prefixes;
        }
        return acc;
    }
}
