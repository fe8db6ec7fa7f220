package dev.jbgp.kube;

import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.PrefixList;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.LocalRoute;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.PeerUpdateResult;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.ShutdownMode;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.speaker.SpeakerStatus;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
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
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BgpControl} that drives a real jbgp {@link BgpSpeaker}: the agent's normal mode.
 *
 * <ul>
 *   <li>{@link #configure}: starts the speaker with the local AS and router id, listening on the node's
 *       addresses and port; a later change of any of them restarts it (AS and BGP Identifier travel in
 *       OPEN, RFC 4271 §4.2) and re-installs the neighbours and routes.</li>
 *   <li>{@link #setPeers}: adds, removes and reconfigures neighbours; each session is sourced from the
 *       node's address of the neighbour's family, carries the MD5 password (RFC 2385), hold time and
 *       graceful restart capability (RFC 4724) of its {@link PeerSpec}, accepts nothing (the agent only
 *       advertises) and exports the node's routes with their next hop unchanged.</li>
 *   <li>{@link #advertise} / {@link #withdraw}: originate {@link LocalRoute}s with the node's next hop
 *       and communities. The node's AS_PATH prepend is applied by the export policy of external (eBGP)
 *       neighbours only, as kube-router does; iBGP neighbours get the routes unprepended.</li>
 *   <li>{@link #shutdown}: closes the speaker with {@link ShutdownMode#GRACEFUL_RESTART}: a router
 *       that negotiated graceful restart with us sees the TCP connection close without NOTIFICATION and
 *       keeps the node's routes as stale while the pod restarts (RFC 4724 §4.2); the others get
 *       Cease / Administrative Shutdown (RFC 4486 §3) and withdraw at once.</li>
 *   <li>Restart: built with a restart deferral ({@code --bgp-graceful-restart}), the first speaker starts
 *       as a restarting one (Restart State bit in OPEN, RFC 4724 §4.1) and holds End-of-RIB back until
 *       {@link #advertisementComplete} — the end of the first reconcile — so the routers keep the stale
 *       routes until the agent has re-advertised, then sweep the rest at once. The deferral only bounds
 *       that wait; nothing waits for the routers' End-of-RIB (the agent advertises, it does not listen).
 *       Every start with graceful restart on is treated as a restart: the agent cannot tell a pod
 *       restart from a first start, and against routers without stale routes the difference is nil.</li>
 * </ul>
 *
 * <p>Threading: mutators are serialised (synchronised); the speaker's own methods are thread-safe, so
 * {@link #status()} may run from any thread. No {@code ByteBuf} crosses this class.
 */
public final class SpeakerBgpControl implements BgpControl {

    private static final Logger LOG = LoggerFactory.getLogger(SpeakerBgpControl.class);

    /** The default ConnectRetryTime towards the routers: short, so a restarted router is found soon. */
    public static final Duration DEFAULT_CONNECT_RETRY = Duration.ofSeconds(10);

    private final Duration connectRetry;
    private final Optional<Duration> restartDeferral;
    private boolean startedOnce;
    /** UPDATE counts of speakers and neighbours that are gone, so the reported totals never go down. */
    private long retiredUpdatesSent;
    private long retiredUpdatesReceived;

    private Optional<BgpSpeaker> speaker = Optional.empty();
    /** The settings as given; {@link #local} holds them with unusable addresses left out. */
    private Optional<LocalSettings> requested = Optional.empty();
    private Optional<LocalSettings> local = Optional.empty();
    private final Map<InetAddress, PeerSpec> peers = new LinkedHashMap<>();
    private final Map<Prefix, AdvertisedRoute> routes = new LinkedHashMap<>();
    private final Map<Prefix, Instant> since = new LinkedHashMap<>();
    /** What the external export policy was built from: prefixes by prepend (the key of its identity). */
    private Map<Prepend, List<Prefix>> prependGroups = Map.of();
    private Policy externalExport = Policy.acceptAll();
    private boolean loggedUp;
    private boolean shutDown;

    /** A control with {@link #DEFAULT_CONNECT_RETRY}. */
    public SpeakerBgpControl() {
        this(DEFAULT_CONNECT_RETRY);
    }

    /** A control whose sessions retry a failed connection after {@code connectRetry} (RFC 4271 §10). */
    public SpeakerBgpControl(Duration connectRetry) {
        this(connectRetry, Optional.empty());
    }

    /**
     * A control whose first speaker starts as a restarting one when {@code restartDeferral} is present
     * (see the class comment), holding End-of-RIB back at most that long.
     */
    public SpeakerBgpControl(Duration connectRetry, Optional<Duration> restartDeferral) {
        this.connectRetry = connectRetry;
        this.restartDeferral = restartDeferral;
    }

    @Override
    public synchronized void configure(LocalSettings settings) {
        checkOpen();
        if (requested.equals(Optional.of(settings)) && speaker.isPresent()) {
            return;
        }
        requested = Optional.of(settings);
        speaker.ifPresent(s -> {
            LOG.info("local settings changed: restarting the BGP speaker");
            retire(s.status().neighbors());
            s.close();
        });
        speaker = Optional.empty();
        local = Optional.of(settings.withListenAddresses(usable(settings.listenAddresses())));
        settings = local.get();
        SpeakerConfig.Builder b = SpeakerConfig.builder(settings.localAsn(), IpAddresses.text(settings.routerId()))
                .listenPort(settings.listenPort())
                .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
        for (InetAddress a : settings.listenAddresses()) {
            b.listen(a);
        }
        for (PeerSpec p : peers.values()) {
            b.neighbor(neighbor(p));
        }
        if (!startedOnce && restartDeferral.isPresent()) {
            // Only the first speaker restarts: a later one follows a Cease, so no router holds stale routes.
            b.restarting(restartDeferral.get());
            LOG.info("graceful restart: End-of-RIB held until the first reconcile is applied (at most {})",
                    restartDeferral.get());
        }
        startedOnce = true;
        BgpSpeaker s = BgpSpeaker.start(b.build());
        speaker = Optional.of(s);
        loggedUp = false;
        if (!routes.isEmpty()) {
            s.announce(localRoutes(routes.values()));
        }
        LOG.info("BGP speaker AS {} router-id {} listening on {} port {}", settings.localAsn(),
                IpAddresses.text(settings.routerId()), settings.listenAddresses(), s.listenPort());
    }

    @Override
    public synchronized void setPeers(Set<PeerSpec> wanted) {
        checkOpen();
        Map<InetAddress, PeerSpec> next = new LinkedHashMap<>();
        for (PeerSpec p : wanted) {
            next.put(p.address(), p);
        }
        BgpSpeaker s = requireSpeaker();
        for (InetAddress a : new ArrayList<>(peers.keySet())) {
            if (!next.containsKey(a)) {
                s.status().neighbor(a).ifPresent(n -> retire(List.of(n)));
                s.removePeer(a, Optional.of("peer de-configured"));
                peers.remove(a);
                LOG.info("neighbour {} removed", IpAddresses.text(a));
            }
        }
        for (PeerSpec p : next.values()) {
            PeerSpec old = peers.get(p.address());
            if (old == null) {
                s.addPeer(neighbor(p));
                LOG.info("neighbour {} added", p);
            } else if (!old.equals(p)) {
                PeerUpdateResult r = s.updatePeer(neighbor(p));
                LOG.info("neighbour {} changed{}", p, r.sessionReset() ? " (session reset: " + r.reasons() + ")" : "");
            }
            peers.put(p.address(), p);
        }
        loggedUp = false;
    }

    @Override
    public synchronized void advertise(Collection<AdvertisedRoute> add) {
        checkOpen();
        Instant now = Instant.now();
        for (AdvertisedRoute r : add) {
            routes.put(r.prefix(), r);
            since.put(r.prefix(), now);
        }
        // The policy first, so the first UPDATE for a prepended prefix already carries the prepend.
        refreshExportPolicy();
        requireSpeaker().announce(localRoutes(add));
        loggedUp = false;
    }

    @Override
    public synchronized void withdraw(Collection<Prefix> prefixes) {
        checkOpen();
        List<Prefix> gone = new ArrayList<>();
        for (Prefix p : prefixes) {
            if (routes.remove(p) != null) {
                since.remove(p);
                gone.add(p);
            }
        }
        if (!gone.isEmpty()) {
            requireSpeaker().withdraw(gone);
            refreshExportPolicy();
        }
    }

    @Override
    public synchronized void advertisementComplete() {
        speaker.ifPresent(BgpSpeaker::initialAdvertisementDone);
    }

    @Override
    public synchronized void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        // Routers with graceful restart keep the routes stale (no NOTIFICATION); the others get
        // Cease / Administrative Shutdown (RFC 4486 §3) and withdraw at once.
        speaker.ifPresent(s -> s.close(ShutdownMode.GRACEFUL_RESTART));
        speaker = Optional.empty();
        LOG.info("BGP speaker stopped");
    }

    private void retire(List<dev.jbgp.speaker.NeighborStatus> gone) {
        for (dev.jbgp.speaker.NeighborStatus n : gone) {
            retiredUpdatesSent += n.updatesSent();
            retiredUpdatesReceived += n.updatesReceived();
        }
    }

    @Override
    public BgpStatus status() {
        Optional<BgpSpeaker> s;
        List<AdvertisedRoute> advertised;
        Map<InetAddress, PeerSpec> configured;
        Map<Prefix, Duration> ages = new LinkedHashMap<>();
        long sent;
        long received;
        synchronized (this) {
            s = speaker;
            advertised = new ArrayList<>(routes.values());
            configured = new LinkedHashMap<>(peers);
            Instant now = Instant.now();
            since.forEach((p, t) -> ages.put(p, Duration.between(t, now)));
            sent = retiredUpdatesSent;
            received = retiredUpdatesReceived;
        }
        List<NeighborStatus> ns = new ArrayList<>();
        if (s.isEmpty()) {
            for (PeerSpec p : configured.values()) {
                ns.add(new NeighborStatus(p.address(), p.remoteAsn(), "Idle", Duration.ZERO));
            }
            return new BgpStatus(ns, advertised, ages, OptionalLong.of(sent), OptionalLong.of(received));
        }
        SpeakerStatus st = s.get().status();
        for (dev.jbgp.speaker.NeighborStatus n : st.neighbors()) {
            Duration d = n.since().map(t -> Duration.between(t, st.taken())).orElse(Duration.ZERO);
            ns.add(new NeighborStatus(n.address(), n.asn(), stateName(n.state()), d));
            sent += n.updatesSent();
            received += n.updatesReceived();
        }
        return new BgpStatus(ns, advertised, ages, OptionalLong.of(sent), OptionalLong.of(received));
    }

    /**
     * The speaker's own view in the gobgp shape (server configuration, neighbours, routes), or empty
     * before {@link #configure} and after {@link #shutdown}.
     */
    public Optional<String> render() {
        Optional<BgpSpeaker> s;
        synchronized (this) {
            s = speaker;
        }
        return s.map(b -> b.status().render());
    }

    /**
     * Logs the gobgp-shaped view once every neighbour is Established (again after each change of
     * peers or routes); the agent calls it periodically. Returns whether all sessions are up.
     */
    public boolean logWhenUp() {
        Optional<BgpSpeaker> s;
        boolean logged;
        synchronized (this) {
            s = speaker;
            logged = loggedUp;
        }
        if (s.isEmpty()) {
            return false;
        }
        SpeakerStatus st = s.get().status();
        boolean up = !st.neighbors().isEmpty() && st.neighbors().stream()
                .allMatch(n -> n.state() == dev.jbgp.fsm.SessionState.ESTABLISHED);
        if (up && !logged) {
            LOG.info("sessions up:\n{}", st.render());
            synchronized (this) {
                loggedUp = true;
            }
        }
        return up;
    }

    // ------------------------------------------------------------------ conversion

    private Neighbor neighbor(PeerSpec p) {
        Neighbor.Builder b = Neighbor.builder(p.address(), RemoteAs.of(p.remoteAsn()))
                .port(p.port())
                .holdTimeSeconds((int) p.holdTime().toSeconds())
                .connectRetryTime(connectRetry)
                // Advertise-only: nothing the routers send is used (kube-router's "routes only" mode).
                .importPolicy(Policy.rejectAll())
                .exportPolicy(isExternal(p) ? externalExport : Policy.acceptAll())
                // The route carries the node's address of its own family (an IPv6 route over an IPv4
                // session too), so the speaker must not replace it.
                .nextHopMode(NextHopMode.UNCHANGED)
                .description("kube-advertiser");
        p.password().ifPresent(b::md5Password);
        if (p.gracefulRestart().enabled()) {
            // The node's forwarding (kernel routes, CNI) survives an agent restart: F bit set.
            b.gracefulRestart(p.gracefulRestart().restartTime(), true);
        }
        local.flatMap(l -> sourceAddress(l, p.address())).ifPresent(b::localAddress);
        return b.build();
    }

    private boolean isExternal(PeerSpec p) {
        return local.map(l -> l.localAsn() != p.remoteAsn()).orElse(true);
    }

    /**
     * The node addresses this host can bind: a node object may list an address the host does not
     * have (a cluster file copied from elsewhere, an address not yet configured). Binding it would stop
     * the whole speaker, so it is logged and left out; the sessions of its family then use the
     * system's choice of source address.
     */
    private static List<InetAddress> usable(List<InetAddress> addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new java.net.InetSocketAddress(a, 0))) {
                out.add(a);
            } catch (java.io.IOException e) {
                LOG.warn("node address {} is not an address of this host ({}): not listening on it", IpAddresses.text(a),
                        e.getMessage());
            }
        }
        return out;
    }

    /** The node address of the neighbour's family to source the session from (Linux binds, see {@link LocalSettings}). */
    private static Optional<InetAddress> sourceAddress(LocalSettings l, InetAddress peer) {
        for (InetAddress a : l.listenAddresses()) {
            if ((a instanceof Inet4Address) == (peer instanceof Inet4Address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static List<LocalRoute> localRoutes(Collection<AdvertisedRoute> rs) {
        List<LocalRoute> out = new ArrayList<>();
        for (AdvertisedRoute r : rs) {
            LocalRoute.Builder b = LocalRoute.builder(r.prefix()).nextHop(r.nextHop());
            for (Community c : r.communities()) {
                b.community((int) (c.value() >>> 16), (int) (c.value() & 0xFFFF));
            }
            out.add(b.build());
        }
        return out;
    }

    /**
     * Rebuilds the export policy of external neighbours when the prepends asked for changed: one term
     * per distinct {@link Prepend}, matching exactly its prefixes (a single prepend covering every route,
     * the usual node-wide case, matches everything). A new policy instance moves the external
     * neighbours to a new update group; the speaker re-sends without resetting the sessions.
     */
    private void refreshExportPolicy() {
        Map<Prepend, List<Prefix>> groups = new TreeMap<>((a, b) -> a.asn() != b.asn()
                ? Long.compare(a.asn(), b.asn()) : Integer.compare(a.count(), b.count()));
        for (AdvertisedRoute r : routes.values()) {
            r.prepend().ifPresent(p -> groups.computeIfAbsent(p, k -> new ArrayList<>()).add(r.prefix()));
        }
        for (List<Prefix> l : groups.values()) {
            l.sort(Advertiser::comparePrefixes);
        }
        boolean allSame = groups.size() == 1 && groups.values().iterator().next().size() == routes.size();
        Map<Prepend, List<Prefix>> key = allSame ? Map.of(groups.keySet().iterator().next(), List.of()) : groups;
        if (key.equals(prependGroups)) {
            return;
        }
        prependGroups = Map.copyOf(key);
        List<Term> terms = new ArrayList<>();
        for (Map.Entry<Prepend, List<Prefix>> e : key.entrySet()) {
            Action prepend = Action.prepend(e.getKey().asn(), e.getKey().count());
            Match match;
            if (allSame) {
                match = Match.any();
            } else {
                List<PrefixList.Entry> entries = new ArrayList<>();
                for (Prefix p : e.getValue()) {
                    entries.add(new PrefixList.Entry(p, p.length(), p.length()));
                }
                match = Match.prefixIn(PrefixList.of(entries));
            }
            terms.add(Term.accept(match, prepend));
        }
        externalExport = terms.isEmpty() ? Policy.acceptAll()
                : Policy.of("kube-advertiser-prepend", terms, dev.jbgp.rib.policy.Disposition.ACCEPT);
        LOG.info("AS_PATH prepend on export to external neighbours: {}", key.isEmpty() ? "none" : key.keySet());
        if (speaker.isPresent()) {
            for (PeerSpec p : peers.values()) {
                if (isExternal(p)) {
                    speaker.get().updatePeer(neighbor(p));
                }
            }
        }
    }

    private BgpSpeaker requireSpeaker() {
        return speaker.orElseThrow(() -> new IllegalStateException("configure() must come first"));
    }

    private void checkOpen() {
        if (shutDown) {
            throw new IllegalStateException("the BGP control was shut down");
        }
    }

    /** RFC 4271 §8.2.2 state names, as {@link NeighborStatus} documents them. */
    private static String stateName(dev.jbgp.fsm.SessionState s) {
        switch (s) {
            case IDLE: return "Idle";
            case CONNECT: return "Connect";
            case ACTIVE: return "Active";
            case OPEN_SENT: return "OpenSent";
            case OPEN_CONFIRM: return "OpenConfirm";
            case ESTABLISHED: return "Established";
            default: return s.toString();
        }
    }
}
