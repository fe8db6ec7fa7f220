package dev.jbgp.bench;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.speaker.SpeakerEvent;
import dev.jbgp.speaker.SpeakerListener;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The loopback end-to-end suite: one jbgp {@link BgpSpeaker} sends a full table to another over
 * loopback TCP, in prefixes per second.
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.LoopbackTransfer \
 *     [--runs 5] [--table reference | --table synthetic:N[:PATHS]] [--base 127.0.89] [--port 11179]
 * </pre>
 *
 * Three parties on {@code BASE.1}–{@code BASE.3}: a raw feeder (not a speaker: the pre-encoded table
 * written to a socket, as {@link RaceSender} does), the sending speaker A (AS 4200000000) and the
 * receiving speaker B (AS 4200000003). The feeder loads the table into A once (the reference table
 * of {@link TableStreams} by default: 323,485 prefixes from AS4777 in 55,324 attribute sets with real
 * AS paths; or {@code synthetic:N} — N /24s in 1000 attribute sets, {@link RaceStream}). Then, per run,
 * a fresh B connects to A; A sends its whole Adj-RIB-Out toward B (attribute sets interned, NLRI packed
 * per set by the speaker's encoder) and B ingests it into its RIB. One run is the time from B's
 * Established until B's Loc-RIB holds every prefix (both taken on B's RIB thread from its
 * {@link SpeakerEvent}s); the output is one line per run and the median:
 *
 * <pre>
 * run 1: 323485 prefixes in 1.234 s, 262144 prefixes/s
 * median: 262144 prefixes/s over 5 runs (min 250000, max 270000)
 * </pre>
 *
 * Both speakers live in this one JVM (so the machine's two cores are shared by A's encoder, B's
 * decoder and RIB, and both event loops). A smoke test runs a small synthetic table through it.
 */
public final class LoopbackTransfer implements AutoCloseable {

    /** The sending speaker's AS (private, 4-octet, in no path of the table). */
    static final long SENDER_AS = TableStreams.LOCAL_AS;
    /** The receiving speaker's AS (private, 4-octet, in no path of the table). */
    static final long RECEIVER_AS = TableStreams.SINK_AS;
    /** The feeder's AS: the first AS of every path of the table. */
    static final long FEEDER_AS = TableStreams.PEER_AS;

    private final InetAddress feeder;
    private final InetAddress a;
    private final InetAddress b;
    private final int port;
    private final int prefixes;
    private final BgpSpeaker sender;
    private final PrefixCounter senderCount;
    private SocketChannel feed;

    /** One run's result. */
    public record Result(int prefixes, double seconds) {
        public double prefixesPerSecond() {
            return prefixes / seconds;
        }
    }

    /**
     * Starts speaker A on {@code a}:{@code port} with the feeder and B as (passive) neighbours, feeds it
     * {@code stream} (read, not released: the caller owns it) from {@code feeder} and waits until A's
     * Loc-RIB holds {@code prefixes} prefixes.
     */
    public LoopbackTransfer(InetAddress feeder, InetAddress a, InetAddress b, int port, ByteBuffer stream, int prefixes,
                            long timeoutSeconds) throws IOException, InterruptedException {
        this.feeder = feeder;
        this.a = a;
        this.b = b;
        this.port = port;
        this.prefixes = prefixes;
        this.senderCount = new PrefixCounter(prefixes);
        SpeakerConfig config = SpeakerConfig.builder(SENDER_AS, a.getHostAddress()).listen(a).listenPort(port)
                .neighbor(Neighbor.builder(feeder, RemoteAs.of(FEEDER_AS)).port(port).localAddress(a).passive(true)
                        .holdTimeSeconds(240).importPolicy(Policy.acceptAll()).build())
                .neighbor(Neighbor.builder(b, RemoteAs.of(RECEIVER_AS)).port(port).localAddress(a).passive(true)
                        .holdTimeSeconds(240).exportPolicy(Policy.acceptAll()).build())
                .build();
        this.sender = BgpSpeaker.start(config);
        sender.addListener(senderCount);
        try {
            this.feed = feed(stream);
            if (!senderCount.full.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sending speaker holds " + senderCount.count + " of "
                        + prefixes + " prefixes after " + timeoutSeconds + " s");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connects the feeder to A, completes the handshake and writes the whole stream. */
    private SocketChannel feed(ByteBuffer stream) throws IOException, InterruptedException {
        SocketChannel ch = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ch == null) {
            SocketChannel c = SocketChannel.open();
            try {
                c.bind(new InetSocketAddress(feeder, 0));
                c.connect(new InetSocketAddress(a, port));
                ch = c;
            } catch (IOException e) {
                c.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        ch.write(RaceStream.open(FEEDER_AS, 240, TableReceiver.ipv4(feeder)));
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        while (true) {
            int type = RaceSender.readMessage(ch, in);
            if (type == RaceStream.OPEN) {
                ch.write(RaceStream.keepalive());
            } else if (type == RaceStream.KEEPALIVE) {
                break;
            } else {
                ch.close();
                throw new IOException("the sending speaker refused the feeder (message type " + type + ")");
            }
        }
        ByteBuffer out = stream.duplicate();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        SocketChannel session = ch;
        Thread drain = new Thread(() -> {
            // A sends the feeder nothing but KEEPALIVEs (no export policy toward it): read and drop them.
            ByteBuffer sink = ByteBuffer.allocate(1 << 12);
            try {
                while (session.read(sink.clear()) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed
            }
        }, "loopback-feeder-drain");
        drain.setDaemon(true);
        drain.start();
        return ch;
    }

    /** One run: a fresh speaker B connects to A and receives the whole table; B is closed afterwards. */
    public Result transfer(long timeoutSeconds) throws InterruptedException {
        PrefixCounter received = new PrefixCounter(prefixes);
        SpeakerConfig config = SpeakerConfig.builder(RECEIVER_AS, b.getHostAddress()).noListen().build();
        try (BgpSpeaker receiver = BgpSpeaker.start(config)) {
            // The listener first, then the neighbour: a small table can arrive before start() returns.
            receiver.addListener(received);
            receiver.addPeer(Neighbor.builder(a, RemoteAs.of(SENDER_AS)).port(port).localAddress(b)
                    .passive(false).holdTimeSeconds(240).importPolicy(Policy.acceptAll())
                    // A may still be closing the previous run's session and refuse the first attempt.
                    .connectRetryTime(java.time.Duration.ofSeconds(1)).build());
            if (!received.full.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the receiving speaker holds " + received.count + " of "
                        + prefixes + " prefixes after " + timeoutSeconds + " s; its neighbour: "
                        + receiver.status().neighbor(a).map(Object::toString).orElse("none"));
            }
            return new Result(prefixes, (received.fullAt - received.establishedAt) / 1e9);
        }
    }

    @Override
    public void close() {
        try {
            if (feed != null) {
                feed.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        sender.close();
    }

    /**
     * Counts the prefixes with a best path in a speaker's Loc-RIB from its events (on its RIB thread)
     * and notes when the session came up and when the count reached the goal.
     */
    static final class PrefixCounter implements SpeakerListener {
        private final int goal;
        final CountDownLatch full = new CountDownLatch(1);
        volatile int count;
        volatile long establishedAt;
        volatile long fullAt;

        PrefixCounter(int goal) {
            this.goal = goal;
        }

        @Override
        public void onEvent(SpeakerEvent event) {
            if (event instanceof SpeakerEvent.RouteChanged rc) {
                boolean before = rc.previousBest().isPresent();
                boolean after = rc.best().isPresent();
                if (before != after) {
                    int n = count + (after ? 1 : -1); // one writer: the RIB thread
                    count = n;
                    if (n >= goal && fullAt == 0) {
                        fullAt = System.nanoTime();
                        full.countDown();
                    }
                }
            } else if (event instanceof SpeakerEvent.SessionStateChanged sc && sc.to() == SessionState.ESTABLISHED
                    && establishedAt == 0) {
                establishedAt = System.nanoTime();
            }
        }
    }

    /** The stream and prefix count of {@code --table}: "reference" or "synthetic:N[:PATHS]". */
    static Object[] table(String spec) {
        if (spec.equals("reference")) {
            ByteBuf encoded = TableStreams.encode(TableStreams.groups());
            try {
                ByteBuffer copy = ByteBuffer.allocateDirect(encoded.readableBytes());
                copy.put(encoded.nioBuffer()).flip();
                return new Object[] {copy, TableStreams.PREFIXES};
            } finally {
                encoded.release();
            }
        }
        if (spec.startsWith("synthetic:")) {
            String[] parts = spec.split(":");
            int n = Integer.parseInt(parts[1]);
            int paths = parts.length > 2 ? Integer.parseInt(parts[2]) : 1000;
            return new Object[] {RaceStream.build(n, paths, FEEDER_AS), n};
        }
        throw new IllegalArgumentException("--table reference | synthetic:N[:PATHS], not " + spec);
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String table = "reference";
        String base = "127.0.89";
        int port = 11179;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(v);
                case "--table" -> table = v;
                case "--base" -> base = v;
                case "--port" -> port = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Object[] t = table(table);
        ByteBuffer stream = (ByteBuffer) t[0];
        int prefixes = (Integer) t[1];
        System.out.printf(Locale.ROOT, "table %s: %d prefixes, %d octets of UPDATEs%n", table, prefixes, stream.remaining());
        List<Double> rates = new ArrayList<>();
        long t0 = System.nanoTime();
        try (LoopbackTransfer lt = new LoopbackTransfer(InetAddress.getByName(base + ".1"), InetAddress.getByName(base + ".2"),
                InetAddress.getByName(base + ".3"), port, stream, prefixes, 600)) {
            System.out.printf(Locale.ROOT, "loaded into the sending speaker in %.3f s%n", (System.nanoTime() - t0) / 1e9);
            for (int r = 1; r <= runs; r++) {
                Result res = lt.transfer(600);
                rates.add(res.prefixesPerSecond());
                System.out.printf(Locale.ROOT, "run %d: %d prefixes in %.3f s, %.0f prefixes/s%n", r, res.prefixes(),
                        res.seconds(), res.prefixesPerSecond());
                Thread.sleep(500); // A notices B's close before the next B connects
            }
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "median: %.0f prefixes/s over %d runs (min %.0f, max %.0f)%n",
                median(sorted), sorted.length, sorted[0], sorted[sorted.length - 1]);
        System.exit(0);
    }

    static double median(double[] sorted) {
        double[] s = Arrays.copyOf(sorted, sorted.length);
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
