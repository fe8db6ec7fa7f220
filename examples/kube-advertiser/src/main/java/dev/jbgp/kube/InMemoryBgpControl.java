package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BgpControl} that holds the desired state in memory and opens no sessions: the agent's
 * dry-run mode (it logs every change it would make on a real speaker) and the test double that
 * counts calls. Neighbours are reported in state {@code Idle}. Thread-safe (every method synchronised).
 */
public final class InMemoryBgpControl implements BgpControl {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryBgpControl.class);

    private final Clock clock;
    private Optional<LocalSettings> local = Optional.empty();
    private Set<PeerSpec> peers = Set.of();
    private final Map<Prefix, AdvertisedRoute> routes = new LinkedHashMap<>();
    private final Map<Prefix, Instant> since = new LinkedHashMap<>();
    private int configureCalls;
    private int setPeersCalls;
    private int advertiseCalls;
    private int withdrawCalls;
    private boolean shutdownCalled;
    private int advertisementCompleteCalls;

    /** An empty control on the system clock. */
    public InMemoryBgpControl() {
        this(Clock.systemUTC());
    }

    /** An empty control on the given clock (route ages in {@link #status()}). */
    public InMemoryBgpControl(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void configure(LocalSettings local) {
        configureCalls++;
        this.local = Optional.of(local);
        LOG.info("local AS {} router-id {} port {} on {}", local.localAsn(), IpAddresses.text(local.routerId()),
                local.listenPort(), local.listenAddresses());
    }

    @Override
    public synchronized void setPeers(Set<PeerSpec> peers) {
        setPeersCalls++;
        this.peers = Set.copyOf(peers);
        LOG.info("peers {}", peers);
    }

    @Override
    public synchronized void advertise(Collection<AdvertisedRoute> add) {
        advertiseCalls++;
        Instant now = clock.instant();
        for (AdvertisedRoute r : add) {
            routes.put(r.prefix(), r);
            since.put(r.prefix(), now);
            LOG.info("advertise {} via {}", r.prefix(), IpAddresses.text(r.nextHop()));
        }
    }

    @Override
    public synchronized void withdraw(Collection<Prefix> prefixes) {
        withdrawCalls++;
        for (Prefix p : prefixes) {
            routes.remove(p);
            since.remove(p);
            LOG.info("withdraw {}", p);
        }
    }

    /** Counts the call (not a mutating call: {@link #totalCalls()} leaves it out). */
    @Override
    public synchronized void advertisementComplete() {
        advertisementCompleteCalls++;
    }

    /** How many times {@link #advertisementComplete()} was called. */
    public synchronized int advertisementCompleteCalls() {
        return advertisementCompleteCalls;
    }

    /** Forgets peers and routes, as a speaker that closed every session would have none. */
    @Override
    public synchronized void shutdown() {
        shutdownCalled = true;
        peers = Set.of();
        routes.clear();
        since.clear();
        LOG.info("shutdown");
    }

    /** Whether {@link #shutdown()} was called. */
    public synchronized boolean shutdownCalled() {
        return shutdownCalled;
    }

    @Override
    public synchronized BgpStatus status() {
        List<NeighborStatus> n = new ArrayList<>();
        for (PeerSpec p : peers) {
            n.add(new NeighborStatus(p.address(), p.remoteAsn(), "Idle", Duration.ZERO));
        }
        Instant now = clock.instant();
        Map<Prefix, Duration> ages = new LinkedHashMap<>();
        since.forEach((p, t) -> ages.put(p, Duration.between(t, now)));
        return new BgpStatus(n, new ArrayList<>(routes.values()), ages, OptionalLong.empty(), OptionalLong.empty());
    }

    /** The last local settings given, if any. */
    public synchronized Optional<LocalSettings> local() {
        return local;
    }

    /** The last peer set given. */
    public synchronized Set<PeerSpec> peers() {
        return peers;
    }

    /** The routes advertised now, by prefix. */
    public synchronized Map<Prefix, AdvertisedRoute> routes() {
        return Map.copyOf(routes);
    }

    /** How many times each method was called: configure, setPeers, advertise, withdraw. */
    public synchronized int[] callCounts() {
        return new int[] {configureCalls, setPeersCalls, advertiseCalls, withdrawCalls};
    }

    /** The total number of mutating calls so far. */
    public synchronized int totalCalls() {
        return configureCalls + setPeersCalls + advertiseCalls + withdrawCalls;
    }
}
