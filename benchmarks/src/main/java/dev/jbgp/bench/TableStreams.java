package dev.jbgp.bench;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference full table of the benchmarks — the IPv4 routes AS4777 sent RIPE RIS on 2010-07-01
 * ({@code tables/ris-bview.20100701.0759.tabledump2.txt.gz} in the shared test data: 323,485 prefixes,
 * real AS paths) — as UPDATE streams (concatenated framed messages of a 4-octet-AS session, at most
 * 4096 octets each, prefixes with identical attributes packed together, as a speaker sends a table).
 *
 * <p>Where the data is looked for:
 * <ul>
 *   <li>the test-data directory: system property {@code jbgp.testdata}, default {@code ../shared/testdata}
 *       relative to the working directory (the layout beside a checkout, so run from the repository
 *       root); pass it to JMH forks with {@code -jvmArgsPrepend -Djbgp.testdata=DIR} ({@code -jvmArgsAppend}
 *       would replace {@link BenchmarkBase}'s fork flags: heap, collector, leak detection);</li>
 *   <li>the reference encoder {@code mkupdates.py}: system property {@code jbgp.mkupdates}, default
 *       {@code tools/mkupdates.py} beside the test-data directory (so {@code ../shared/tools/mkupdates.py});
 *       it is run with {@code python3} once and its output cached
 *       in {@code java.io.tmpdir} ({@code jbgp-mkupdates-4777.bin}).</li>
 * </ul>
 *
 * <p>Every stream is an unpooled direct {@code ByteBuf} (read through {@code Unsafe} where the JDK allows, as
 * the pooled direct buffers a socket reads into are; not tracked by the leak detector, whose PARANOID level
 * would record every read) owned by the caller, who releases it.
 */
public final class TableStreams {

    /** The peer whose routes are used (its AS is the first of every AS path). */
    public static final long PEER_AS = 4777;
    /** The number of IPv4 prefixes of {@link #PEER_AS} in the reference table. */
    public static final int PREFIXES = 323_485;
    /** The number of UPDATEs {@code mkupdates.py} (and {@link #encode}) makes of them. */
    public static final int UPDATES = 59_256;
    /** The AS of the RIB receiving the table: a private 4-octet AS that no path of the table contains. */
    public static final long LOCAL_AS = 4_200_000_000L;
    /** The AS of a peer the table is exported to (private, in no path of the table). */
    public static final long SINK_AS = 4_200_000_003L;
    /** The table, relative to the test-data directory. */
    public static final String TABLE = "tables/ris-bview.20100701.0759.tabledump2.txt.gz";

    private static List<TableText.Group> groups;
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true, true);

    private TableStreams() {
    }

    /** The test-data directory as configured (see the class comment), whether or not it exists. */
    public static Path testData() {
        String configured = System.getProperty("jbgp.testdata");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "shared", "testdata");
        return p.toAbsolutePath().normalize();
    }

    /**
     * The reference table.
     *
     * @throws IllegalStateException saying where it was looked for, when it is not there
     */
    public static Path table() {
        Path t = testData().resolve(TABLE);
        if (!Files.isRegularFile(t)) {
            throw new IllegalStateException("reference table not found: " + t
                    + " (run from the repository root with ../shared/testdata beside it, or pass -Djbgp.testdata=DIR"
                    + " — to JMH forks via -jvmArgsPrepend)");
        }
        return t;
    }

    /**
     * The reference table's routes grouped by attribute set, in first-seen order. Read once per JVM and
     * shared: callers must not modify the groups.
     */
    public static synchronized List<TableText.Group> groups() {
        if (groups == null) {
            try {
                groups = List.copyOf(TableText.read(table(), PEER_AS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return groups;
    }

    /**
     * The exact stream {@code python3 mkupdates.py TABLE 4777 OUT} writes, made once and cached.
     *
     * @throws IllegalStateException when python3, the tool or the table is missing, or the tool fails
     */
    public static ByteBuf mkupdatesStream() {
        Path table = table();
        String tool = System.getProperty("jbgp.mkupdates");
        Path toolPath = (tool != null && !tool.isBlank() ? Path.of(tool)
                : testData().resolveSibling("tools").resolve("mkupdates.py")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(toolPath)) {
            throw new IllegalStateException("mkupdates.py not found: " + toolPath + " (set -Djbgp.mkupdates=PATH)");
        }
        try {
            Path cached = Path.of(System.getProperty("java.io.tmpdir"), "jbgp-mkupdates-" + PEER_AS + ".bin");
            if (!Files.isRegularFile(cached) || Files.size(cached) == 0
                    || Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(table)) < 0) {
                Path tmp = Files.createTempFile(cached.getParent(), "jbgp-mkupdates-", ".part");
                Process p = new ProcessBuilder("python3", toolPath.toString(), table.toString(), Long.toString(PEER_AS),
                        tmp.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    Files.deleteIfExists(tmp);
                    throw new IllegalStateException("python3 " + toolPath + " failed");
                }
                Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] bytes = Files.readAllBytes(cached);
            return ALLOC.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running mkupdates.py", e);
        }
    }

    /**
     * Encodes {@code groups} with jbgp's {@link UpdateBuilder} for a 4-octet-AS session: per group its
     * attribute block once, then as many UPDATEs as its prefixes need.
     */
    public static ByteBuf encode(List<TableText.Group> groups) {
        CodecContext ctx = CodecContext.MODERN;
        UpdateBuilder builder = new UpdateBuilder(ctx);
        ByteBuf out = ALLOC.directBuffer(24 << 20);
        ByteBuf attrs = ALLOC.heapBuffer(4096);
        for (TableText.Group g : groups) {
            attrs.clear();
            toWire(g).write(attrs, ctx);
            List<Ipv4Prefix> prefixes = prefixes(g);
            for (int i = 0; i < prefixes.size(); ) {
                i = builder.announceIpv4(out, attrs, prefixes, new int[0], i);
            }
        }
        attrs.release();
        return trimmed(out);
    }

    /** Encodes withdrawals of every prefix of {@code groups} (IPv4 Withdrawn Routes field). */
    public static ByteBuf encodeWithdrawals(List<TableText.Group> groups) {
        UpdateBuilder builder = new UpdateBuilder(CodecContext.MODERN);
        List<Ipv4Prefix> all = new ArrayList<>(PREFIXES);
        for (TableText.Group g : groups) {
            all.addAll(prefixes(g));
        }
        ByteBuf out = ALLOC.directBuffer(all.size() * 5 + (all.size() / 800 + 1) * 23);
        for (int i = 0; i < all.size(); ) {
            i = builder.withdraw(out, all, i);
        }
        return trimmed(out);
    }

    /** A copy of {@code b} without spare capacity ({@code b} is released). */
    private static ByteBuf trimmed(ByteBuf b) {
        ByteBuf copy = ALLOC.directBuffer(b.readableBytes(), b.readableBytes()).writeBytes(b);
        b.release();
        return copy;
    }

    /** The prefixes of a group as values. */
    public static List<Ipv4Prefix> prefixes(TableText.Group g) {
        List<Ipv4Prefix> out = new ArrayList<>(g.prefixes().size());
        for (String p : g.prefixes()) {
            out.add(Ipv4Prefix.parse(p));
        }
        return out;
    }

    /** {@code g} with its next hop replaced. */
    public static TableText.Group withNextHop(TableText.Group g, String nextHop) {
        return new TableText.Group(g.asPath(), g.origin(), nextHop, g.med(), g.communities(), g.prefixes());
    }

    /** {@code g} with the first AS of its path prepended once more (a changed attribute set, same first AS). */
    public static TableText.Group prepended(TableText.Group g) {
        String first = g.asPath().trim().split(" ")[0];
        return new TableText.Group(first + " " + g.asPath(), g.origin(), g.nextHop(), g.med(), g.communities(), g.prefixes());
    }

    /**
     * The attribute set of a group as bgp-wire encodes it, the way {@code mkupdates.py} reads the text:
     * ORIGIN, AS_PATH as AS_SEQUENCEs of the numeric tokens (AS_SET text is dropped, as the tool does),
     * NEXT_HOP, MED when given, COMMUNITIES when given.
     */
    public static PathAttributes toWire(TableText.Group g) {
        PathAttributes.Builder b = PathAttributes.builder()
                .origin(switch (g.origin()) {
                    case "IGP" -> Origin.IGP;
                    case "EGP" -> Origin.EGP;
                    default -> Origin.INCOMPLETE;
                })
                .asPath(asPath(g.asPath()))
                .nextHop(Ipv4Prefix.parseAddress(g.nextHop()));
        if (!g.med().isEmpty()) {
            b.med(Long.parseLong(g.med()));
        }
        if (!g.communities().isBlank()) {
            List<Community> cs = new ArrayList<>();
            for (String c : g.communities().trim().split(" +")) {
                int colon = c.indexOf(':');
                cs.add(Community.of(Integer.parseInt(c.substring(0, colon)), Integer.parseInt(c.substring(colon + 1))));
            }
            b.communities(cs);
        }
        return b.build();
    }

    private static AsPath asPath(String text) {
        List<Long> asns = new ArrayList<>();
        for (String t : text.trim().split(" +")) {
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                asns.add(Long.parseLong(t));
            }
        }
        List<AsPathSegment> segments = new ArrayList<>();
        for (int i = 0; i < asns.size(); i += AsPathSegment.MAX_LENGTH) {
            int n = Math.min(AsPathSegment.MAX_LENGTH, asns.size() - i);
            long[] chunk = new long[n];
            for (int j = 0; j < n; j++) {
                chunk[j] = asns.get(i + j);
            }
            segments.add(AsPathSegment.of(AsPathSegment.AS_SEQUENCE, chunk));
        }
        return AsPath.of(segments);
    }
}
