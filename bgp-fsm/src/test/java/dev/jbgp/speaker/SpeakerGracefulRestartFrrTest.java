package dev.jbgp.speaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.Frr;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static dev.jbgp.speaker.SpeakerFixtures.address;
import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restarting side of graceful restart against a real FRR bgpd (the helper, RFC 4724 §4.2): we
 * close with {@link ShutdownMode#GRACEFUL_RESTART} and FRR keeps our routes marked stale; a new
 * speaker with the same configuration, started {@link SpeakerConfig#restarting() restarting},
 * announces a subset and FRR sees the Restart State bit; our End-of-RIB, sent as soon as the
 * application says its advertisement is done, makes FRR sweep the rest at once (long before the
 * 30 s restart time, let alone FRR's 360 s stale-path time); a default {@link BgpSpeaker#close()}
 * then makes FRR drop everything at once.
 */
class SpeakerGracefulRestartFrrTest {

    private static final int PORT = LoopbackAddresses.TEST_PORT;
    private static final long OUR_AS = 65000;
    private static final long FRR_AS = 65010;
    private static final int RESTART_SECONDS = 30;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> ALL = List.of("10.7.1.0/24", "10.7.2.0/24", "10.7.3.0/24", "10.7.4.0/24");
    private static final List<String> SUBSET = List.of("10.7.1.0/24", "10.7.3.0/24");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<LocalRoute> routes(List<String> prefixes) {
        List<LocalRoute> out = new ArrayList<>();
        for (String p : prefixes) {
            out.add(LocalRoute.builder(p).nextHop(address("198.18.0.1")).build());
        }
        return out;
    }

    @Test
    void frrKeepsOurRoutesStaleAcrossTheRestartAndSweepsOnOurEndOfRib() throws Exception {
        Interop.require(Daemon.FRR);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String frrAddr = LoopbackAddresses.allocate(PORT);
        String us = self.getHostAddress();
        DaemonConfig dc = DaemonConfig.builder().localAddress(frrAddr).port(PORT).asn(FRR_AS).routerId(frrAddr)
                .neighbour(Neighbour.of(us, PORT, OUR_AS).asPassive().withHoldTime(30)
                        .withGracefulRestart(RESTART_SECONDS)).build();
        SpeakerConfig config = SpeakerConfig.builder(OUR_AS, us).listen(self).listenPort(PORT)
                .neighbor(Neighbor.builder(address(frrAddr), RemoteAs.of(FRR_AS)).port(PORT).localAddress(self)
                        .holdTimeSeconds(30).connectRetryTime(Duration.ofSeconds(1))
                        .gracefulRestart(Duration.ofSeconds(RESTART_SECONDS), true)
                        .nextHopMode(NextHopMode.UNCHANGED)
                        .importPolicy(Policy.rejectAll()).exportPolicy(Policy.acceptAll()).build()).build();
        try (Frr frr = Frr.start(dc)) {
            BgpSpeaker first = BgpSpeaker.start(config);
            try {
                first.announce(routes(ALL));
                frr.awaitEstablished(us, WAIT);
                awaitFrr(frr, us, flags(ALL, false), "all four, fresh");
            } finally {
                first.close(ShutdownMode.GRACEFUL_RESTART);
            }
            frr.awaitNotEstablished(us, WAIT);
            awaitFrr(frr, us, flags(ALL, true), "all four kept, stale");

            try (BgpSpeaker again = BgpSpeaker.start(config.toBuilder().restarting(Duration.ofMinutes(6)).build())) {
                again.announce(routes(SUBSET));
                frr.awaitEstablished(us, WAIT);
                JsonNode gr = JSON.readTree(frr.vtysh("show bgp neighbors " + us + " json")).path(us)
                        .path("gracefulRestartInfo");
                assertTrue(gr.path("rBit").asBoolean(false), "FRR saw our Restart State bit: " + gr);
                Map<String, Boolean> held = new TreeMap<>(flags(SUBSET, false));
                held.put("10.7.2.0/24", true);
                held.put("10.7.4.0/24", true);
                awaitFrr(frr, us, held, "the subset re-announced, the rest still stale before End-of-RIB");

                long t0 = System.nanoTime();
                again.initialAdvertisementDone();
                awaitFrr(frr, us, flags(SUBSET, false), "exactly the subset after our End-of-RIB");
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertTrue(took.compareTo(Duration.ofSeconds(RESTART_SECONDS / 2)) < 0,
                        "swept by End-of-RIB, not by a timer: " + took);
            }
            // Default close: Cease / Administrative Shutdown, FRR drops the routes at once (no stale).
            long t1 = System.nanoTime();
            frr.awaitNotEstablished(us, WAIT);
            awaitFrr(frr, us, Map.of(), "nothing from us after Cease");
            assertTrue(Duration.ofNanos(System.nanoTime() - t1).compareTo(Duration.ofSeconds(RESTART_SECONDS / 2)) < 0);
        }
    }

    private static Map<String, Boolean> flags(List<String> prefixes, boolean stale) {
        Map<String, Boolean> out = new TreeMap<>();
        for (String p : prefixes) {
            out.put(p, stale);
        }
        return out;
    }

    /** Waits until FRR's IPv4 RIB holds exactly {@code expected} from us: prefix to its stale flag. */
    private static void awaitFrr(Frr frr, String us, Map<String, Boolean> expected, String what) {
        AtomicReference<Map<String, Boolean>> last = new AtomicReference<>(Map.of());
        try {
            await(what, (int) WAIT.toSeconds(), () -> {
                last.set(frr.staleFlags(us));
                return last.get().equals(expected);
            });
        } catch (AssertionError e) {
            throw new AssertionError(what + ": FRR has " + last.get() + ", expected " + expected, e);
        }
    }
}
