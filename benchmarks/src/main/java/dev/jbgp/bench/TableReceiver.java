package dev.jbgp.bench;

import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.fsm.netty.BgpTransport;
import dev.jbgp.fsm.netty.PeerConfig;
import dev.jbgp.fsm.netty.SessionListener;
import dev.jbgp.fsm.netty.SessionNotice;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The jbgp side of the full-table race ({@code benchmarks/race.sh}): one BGP session that receives a
 * table into a Loc-RIB (import accept-all, exporting nothing), timing from Established until the
 * Loc-RIB holds the expected number of prefixes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.TableReceiver --local-address 127.0.9.2 \
 *     --local-as 64902 --peer 127.0.9.1 --peer-as 64901 [--passive] --expect 1000000 \
 *     [--port 179] [--peer-port 179] [--router-id A] [--hold S] [--soft-reconfiguration]
 *     [--direct] [--rounds K] [--warm-up ROUTES]
 * </pre>
 *
 * It prints {@code t=<seconds> routes=<count>} every 100 ms (t counts from Established, 0 before), and
 * once the count is reached {@code received COUNT routes in S s, heap M MiB, rss R MiB}; it then keeps
 * the session up until killed (SIGTERM closes it with a Cease).
 *
 * <p>By default it is what a user builds: a {@link BgpSpeaker} with the peer as its one neighbour
 * (each UPDATE framed on the session's event loop, then validated and applied to the RIB on the
 * speaker's RIB thread, with the speaker's bookkeeping: counters, events).
 * The neighbour keeps no pre-policy copy of its routes unless {@code --soft-reconfiguration}
 * ({@link Neighbor#softReconfiguration()}, off by default in jbgp as in BIRD — no
 * {@code import table} — and FRR — no {@code soft-reconfiguration inbound}), so every receiver of the
 * race holds the table once. ({@code --no-route-ages} is accepted and ignored: it turned off a per-prefix
 * age table the speaker no longer has, since each route carries its own time.) The count is {@link BgpSpeaker#locRibSize()} polled every {@value #POLL_MILLIS} ms (as the race polls
 * BIRD's counter), and Established is the neighbour's {@code since}. With {@code --direct} it is
 * built from the session driver and the RIB alone ({@link BgpTransport}, {@link SessionListener},
 * {@code rib.adjRibIn(peer).apply(view, verdict)}): each UPDATE validated and applied on the session's
 * event loop in place in the socket buffer, no speaker — the lower bound the speaker's own work is
 * measured against. JVM flags are the user's (the race script states its own).
 *
 * <p>{@code --rounds K} (a diagnostic, speaker mode only; the race uses 1) receives the table K times
 * in the same JVM: after each round it waits for the session to go down (the sender stops), the
 * Loc-RIB to empty and the next Established, and times the next receive the same way. Round 1 pays
 * the JVM's first-time costs (class loading, interpretation, compilation); later rounds show the
 * steady state. Each round prints its own {@code received ...} line with {@code round=R}.
 *
 * <p>{@code --warm-up ROUTES} sets {@link SpeakerConfig#warmUpRoutes()} (default: the speaker's
 * default, as a user gets it; 0 turns the warm-up off to measure what it buys). The line
 * {@code started in S s} says how long {@link BgpSpeaker#start} took (warm-up included).
 */
public final class TableReceiver {

    private TableReceiver() {
    }

    /** The command line. */
    record Options(InetAddress local, long localAs, InetAddress peer, long peerAs, boolean passive, long expect,
                   int port, int peerPort, int routerId, int hold, boolean direct, boolean softReconfiguration,
                   int rounds, int warmUp) {

        static Options parse(String[] args) throws IOException {
            InetAddress local = null;
            InetAddress peer = null;
            long localAs = -1;
            long peerAs = -1;
            long expect = -1;
            boolean passive = false;
            boolean direct = false;
            boolean softReconfiguration = false;
            int port = PeerConfig.BGP_PORT;
            int peerPort = PeerConfig.BGP_PORT;
            Integer routerId = null;
            int hold = 240;
            int rounds = 1;
            int warmUp = SpeakerConfig.DEFAULT_WARM_UP_ROUTES;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--passive")) {
                    passive = true;
                    continue;
                }
                if (a.equals("--direct")) {
                    direct = true;
                    continue;
                }
                if (a.equals("--soft-reconfiguration")) {
                    softReconfiguration = true;
                    continue;
                }
                if (a.equals("--no-route-ages")) {
                    // Older command lines: the age table it turned off is gone (routes carry their time).
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--local-address" -> local = InetAddress.getByName(v);
                    case "--local-as" -> localAs = Long.parseLong(v);
                    case "--peer" -> peer = InetAddress.getByName(v);
                    case "--peer-as" -> peerAs = Long.parseLong(v);
                    case "--expect" -> expect = Long.parseLong(v);
                    case "--port" -> port = Integer.parseInt(v);
                    case "--peer-port" -> peerPort = Integer.parseInt(v);
                    case "--router-id" -> routerId = ipv4(InetAddress.getByName(v));
                    case "--hold" -> hold = Integer.parseInt(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--warm-up" -> warmUp = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (local == null || peer == null || localAs < 1 || peerAs < 1 || expect < 0) {
                throw new IllegalArgumentException("--local-address, --local-as, --peer, --peer-as and --expect are required");
            }
            return new Options(local, localAs, peer, peerAs, passive, expect, port, peerPort,
                    routerId != null ? routerId : ipv4(local), hold, direct,
                    softReconfiguration, Math.max(1, rounds), warmUp);
        }
    }

    static int ipv4(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("an IPv4 address is needed for the router id: " + a);
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TableReceiver: " + e.getMessage());
            System.err.println("usage: TableReceiver --local-address A --local-as N --peer B --peer-as M [--passive]"
                    + " --expect COUNT [--port P] [--peer-port P] [--router-id A] [--hold S] [--soft-reconfiguration]"
                    + " [--direct]");
            System.exit(2);
            return;
        }
        if (o.direct()) {
            direct(o);
        } else {
            speaker(o);
        }
    }

    /** How often the speaker's Loc-RIB size is polled. */
    static final int POLL_MILLIS = 5;

    /** The default: a {@link BgpSpeaker} with one neighbour, its Loc-RIB size polled. */
    private static void speaker(Options o) throws InterruptedException {
        SpeakerConfig.Builder config = SpeakerConfig.builder(o.localAs(), dotted(o.routerId()));
        if (o.passive()) {
            config.listen(o.local()).listenPort(o.port());
        } else {
            config.noListen();
        }
        config.neighbor(Neighbor.builder(o.peer(), RemoteAs.of(o.peerAs())).port(o.peerPort())
                .localAddress(o.local()).passive(o.passive()).holdTimeSeconds(o.hold())
                .importPolicy(Policy.acceptAll()).softReconfiguration(o.softReconfiguration()).build());
        config.warmUpRoutes(o.warmUp());
        long t0 = System.nanoTime();
        BgpSpeaker speaker = BgpSpeaker.start(config.build());
        System.out.printf(Locale.ROOT, "started in %.3f s (process CPU so far %.3f s)%n", (System.nanoTime() - t0) / 1e9,
                processCpuSeconds());
        Runtime.getRuntime().addShutdownHook(new Thread(speaker::close, "table-receiver-close"));
        for (int round = 1; round <= o.rounds(); round++) {
            Instant previous = round == 1 ? null : speaker.neighbors().get(0).since().orElse(null);
            if (round > 1) {
                // The previous sender went away: wait until its session is down and its routes are gone.
                while (speaker.locRibSize() > 0 || Objects.equals(speaker.neighbors().get(0).since().orElse(null), previous)) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            double seconds = receiveOnce(speaker, o, speaker.neighbors().get(0).since().orElse(null), round > 1);
            if (round < o.rounds()) {
                System.out.printf(Locale.ROOT, "received %d routes in %.3f s round=%d%n", speaker.locRibSize(), seconds,
                        round);
                System.out.flush();
            } else {
                finish(speaker.locRibSize(), seconds);
            }
        }
    }

    /**
     * Polls until the Loc-RIB holds the expected count after an Established that is not {@code before}
     * (when {@code newSession}), printing progress lines; returns the seconds from that Established.
     */
    private static double receiveOnce(BgpSpeaker speaker, Options o, Instant before, boolean newSession)
            throws InterruptedException {
        Instant established = null;
        int routes = 0;
        long nextLine = System.nanoTime();
        while (true) {
            Thread.sleep(POLL_MILLIS);
            if (established == null) {
                Instant since = speaker.neighbors().get(0).since().orElse(null);
                if (since != null && !(newSession && since.equals(before))
                        && speaker.neighbors().get(0).state() == dev.jbgp.fsm.SessionState.ESTABLISHED) {
                    established = since;
                }
                routes = 0;
            } else {
                routes = speaker.locRibSize();
            }
            Instant now = Instant.now();
            if (established != null && routes >= o.expect()) {
                return Duration.between(established, now).toNanos() / 1e9;
            }
            if (System.nanoTime() - nextLine >= 0) {
                nextLine += 100_000_000L;
                double t = established == null ? 0 : Duration.between(established, now).toNanos() / 1e9;
                System.out.printf(Locale.ROOT, "t=%.3f routes=%d%n", t, routes);
            }
        }
    }

    /** {@code --direct}: the session driver and the RIB alone, UPDATEs applied on the event loop. */
    private static void direct(Options o) throws InterruptedException {
        Receiver receiver = new Receiver(o);
        BgpTransport transport = BgpTransport.create();
        Runtime.getRuntime().addShutdownHook(new Thread(transport::close, "table-receiver-close"));
        SessionConfig session = SessionConfig.builder().localAs(o.localAs()).peerAs(o.peerAs())
                .bgpIdentifier(o.routerId()).holdTimeSeconds(o.hold()).passive(o.passive()).build();
        PeerConfig peer = PeerConfig.builder().session(session).remoteAddress(o.peer()).remotePort(o.peerPort())
                .localAddress(Optional.of(o.local())).build();
        if (o.passive()) {
            transport.listen(new InetSocketAddress(o.local(), o.port()));
        }
        BgpSession s = transport.addPeer(peer, receiver);
        s.start();
        receiver.report();
    }

    /** Prints the result line and keeps the process (and its session) up until killed. */
    static void finish(int routes, double seconds) throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf(Locale.ROOT, "received %d routes in %.3f s, heap %d MiB, rss %d MiB%n",
                routes, seconds, heap, rssKib("VmRSS") >> 10);
        System.out.flush();
        new CountDownLatch(1).await(); // keep the session up until killed
    }

    static String dotted(int id) {
        return (id >>> 24) + "." + (id >>> 16 & 0xFF) + "." + (id >>> 8 & 0xFF) + "." + (id & 0xFF);
    }

    /** {@code --direct}'s session listener: applies UPDATEs on the event loop, publishes the count for the reporter. */
    static final class Receiver implements SessionListener {
        private final Options options;
        private final Rib rib;
        private PeerId peer;
        private dev.jbgp.rib.AdjRibIn in;
        private final UpdateView view = new UpdateView();
        private final UpdateValidator validator = new UpdateValidator();
        private CodecContext ctx = CodecContext.MODERN;
        private volatile long established;   // nanoTime of Established, 0 before
        private volatile long done;          // nanoTime the count was reached, 0 before
        private volatile int routes;
        private final CountDownLatch finished = new CountDownLatch(1);

        Receiver(Options o) {
            this.options = o;
            this.rib = Rib.create(RibConfig.builder(o.localAs(), o.routerId()).build());
        }

        @Override
        public void onNotice(BgpSession session, SessionNotice notice) {
            if (notice instanceof SessionNotice.Established e) {
                established = System.nanoTime();
                ctx = e.session().codecContext();
                // The PeerId carries the BGP Identifier the peer announced (a decision tie-break).
                int id = e.session().peerIdentifier();
                peer = options.localAs() == options.peerAs()
                        ? PeerId.internal(options.peer(), options.peerAs(), id, false)
                        : PeerId.external(options.peer(), options.peerAs(), id);
                rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll())
                        .localAddress(options.local()).build());
                in = rib.adjRibIn(peer);
            } else if (notice instanceof SessionNotice.Down && peer != null) {
                rib.peerDown(peer);
                peer = null;
                in = null;
                routes = 0;
            }
        }

        @Override
        public void onUpdate(BgpSession session, ByteBuf update) {
            try {
                view.wrap(update, ctx);
                UpdateVerdict verdict = validator.validate(view);
                if (verdict.isSessionReset()) {
                    session.updateError(NotificationMessage.from(verdict.error().orElseThrow()));
                    return;
                }
                in.apply(view, verdict);
                int n = rib.size();
                routes = n;
                if (n >= options.expect() && done == 0) {
                    done = System.nanoTime();
                    finished.countDown();
                }
            } catch (BgpDecodeException e) {
                session.updateError(NotificationMessage.from(e));
            } finally {
                update.release();
            }
        }

        /** Prints progress every 100 ms until the count is reached, then the result; never returns. */
        void report() throws InterruptedException {
            while (true) {
                boolean finishedNow = finished.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                long est = established;
                double t = est == 0 ? 0 : (System.nanoTime() - est) / 1e9;
                System.out.printf(Locale.ROOT, "t=%.3f routes=%d%n", t, routes);
                if (finishedNow) {
                    break;
                }
            }
            finish(routes, (done - established) / 1e9);
        }
    }

    /** This process's CPU time (all threads) so far in seconds, or -1 where the JVM cannot say. */
    static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    /** A field of /proc/self/status in KiB (VmRSS, VmHWM), or 0 where there is none. */
    static long rssKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
