package dev.jbgp.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kube-advertiser [flags]}: the agent, with kube-router's flag names and forms (booleans as
 * {@code --flag}, {@code --flag=true} or {@code --flag=false}; lists comma-separated). A bad flag
 * stops the agent at start with a message naming the flag, the bad value and the expected form.
 * Subcommand {@code status} prints a running agent's view; {@code demo} runs a router and three agents on loopback.
 */
@Command(name = "kube-advertiser", mixinStandardHelpOptions = true, version = "kube-advertiser 0.1.0",
        subcommands = {StatusCommand.class, DemoCommand.class}, sortOptions = false,
        description = "Advertises this Kubernetes node's pod CIDRs and Service IPs over BGP, as kube-router does "
                + "with only route advertisement on.")
public final class Main implements Callable<Integer> {

    static final String ASN_FORM = "an AS number from 1 to 4294967295";

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster-asn", paramLabel = "ASN", description = "This node's AS unless its kube-router.io/node.asn "
            + "annotation says otherwise (default: ${DEFAULT-VALUE}).")
    String clusterAsn = Long.toString(AgentConfig.DEFAULT_CLUSTER_ASN);

    @Option(names = "--peer-router-ips", paramLabel = "IP,...", description = "Addresses of the external routers every node peers with.")
    String peerIps = "";

    @Option(names = "--peer-router-asns", paramLabel = "ASN,...", description = "Their ASNs, one per address.")
    String peerAsns = "";

    @Option(names = "--peer-router-ports", paramLabel = "PORT,...", description = "Their ports, one per address (default 179).")
    String peerPorts = "";

    @Option(names = "--peer-router-passwords", paramLabel = "BASE64,...",
            description = "Their TCP MD5 passwords, base64-encoded, one (possibly empty) per address.")
    String peerPasswords = "";

    @Option(names = "--router-id", paramLabel = "IPv4|generate",
            description = "BGP identifier (default: the node's IPv4 address; 'generate' hashes the node's address, for IPv6-only nodes).")
    String routerId = "";

    @Option(names = "--bgp-port", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    String bgpPort = "179";

    @Option(names = "--bgp-holdtime", paramLabel = "DURATION", description = "Hold time offered to peers, 3s to 18h12m15s (default: ${DEFAULT-VALUE}).")
    String holdTime = "90s";

    @Option(names = "--bgp-graceful-restart", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Graceful restart (RFC 4724) on or off (default: ${DEFAULT-VALUE}).")
    boolean gracefulRestart;

    @Option(names = "--bgp-graceful-restart-time", paramLabel = "DURATION", description = "Restart time, up to 4095s (default: ${DEFAULT-VALUE}).")
    String gracefulRestartTime = "90s";

    @Option(names = "--bgp-graceful-restart-deferral-time", paramLabel = "DURATION",
            description = "Longest wait for the first reconcile before End-of-RIB after a restart, up to 18h12m15s"
                    + " (default: ${DEFAULT-VALUE}); End-of-RIB goes as soon as the routes are re-advertised.")
    String gracefulRestartDeferral = "360s";

    @Option(names = "--advertise-pod-cidr", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Advertise this node's pod CIDRs (default: ${DEFAULT-VALUE}).")
    boolean advertisePodCidr = true;

    @Option(names = "--advertise-cluster-ip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Advertise Service cluster IPs (default: ${DEFAULT-VALUE}).")
    boolean advertiseClusterIp;

    @Option(names = "--advertise-external-ip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Advertise Service external IPs (default: ${DEFAULT-VALUE}).")
    boolean advertiseExternalIp;

    @Option(names = "--advertise-loadbalancer-ip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Advertise LoadBalancer ingress IPs (default: ${DEFAULT-VALUE}).")
    boolean advertiseLoadBalancerIp;

    @Option(names = "--routes-sync-period", paramLabel = "DURATION", description = "Periodic full reconcile (default: ${DEFAULT-VALUE}).")
    String routesSyncPeriod = "5m";

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:NODE_NAME}",
            description = "This node's name (default: the NODE_NAME environment variable).")
    String nodeName;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig to use instead of the in-cluster config.")
    Path kubeconfig;

    @Option(names = "--cluster-state", paramLabel = "FILE",
            description = "Read Nodes, Services and EndpointSlices from this YAML file (kubectl get -o yaml) instead of the API server, and watch it.")
    Path clusterState;

    @Option(names = "--status-port", paramLabel = "PORT", description = "Status HTTP port, 0 to disable (default: ${DEFAULT-VALUE}).")
    String statusPort = "20244";

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Compute, reconcile and show the routes without opening any BGP session (default: ${DEFAULT-VALUE}).")
    boolean dryRun;

    @Option(names = "--status-address", paramLabel = "IP", description = "Status HTTP address (default: ${DEFAULT-VALUE}, loopback).")
    String statusAddress = "127.0.0.1";

    /** Everything the agent needs to run, validated. */
    record Settings(AgentConfig config, String nodeName, Optional<Path> kubeconfig, Optional<Path> clusterState,
                    Optional<InetSocketAddress> status, Duration syncPeriod) {
    }

    /** Looked up on use, not at class load, so {@link #main} can set the log level first. */
    private static Logger log() {
        return LoggerFactory.getLogger(Main.class);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo") && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // The demo's output is the router's table; the agents' logs (every NOTIFICATION the steps
            // cause is a WARN) would bury it. Errors still show.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Settings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        run(s, dryRun);
        return 0;
    }

    /**
     * Validates the flags.
     *
     * @throws IllegalArgumentException naming the flag, the bad value and the expected form
     */
    Settings settings() {
        long asn = range("--cluster-asn", clusterAsn, 1, 0xFFFF_FFFFL, ASN_FORM);
        int port = (int) range("--bgp-port", bgpPort, 1, 65535, "a TCP port from 1 to 65535");
        Duration hold = duration("--bgp-holdtime", holdTime, Duration.ofSeconds(3), Duration.ofSeconds(65535), "from 3s to 18h12m15s");
        Duration grTime = duration("--bgp-graceful-restart-time", gracefulRestartTime, Duration.ZERO,
                Duration.ofSeconds(4095), "up to 4095s (RFC 4724 §3: 12 bits)");
        Duration grDefer = duration("--bgp-graceful-restart-deferral-time", gracefulRestartDeferral, Duration.ofSeconds(1),
                Duration.ofSeconds(65535), "from 1s to 18h12m15s");
        Duration sync = duration("--routes-sync-period", routesSyncPeriod, Duration.ofSeconds(1), Duration.ofDays(1),
                "from 1s to 24h");
        GracefulRestart gr = new GracefulRestart(gracefulRestart, grTime, grDefer);

        Optional<String> rid = Optional.empty();
        if (!routerId.isBlank()) {
            if (!routerId.equals(AgentConfig.GENERATE)) {
                try {
                    IpAddresses.parseV4(routerId);
                } catch (IllegalArgumentException e) {
                    throw bad("--router-id", routerId, "an IPv4 address (a.b.c.d) or 'generate'");
                }
            }
            rid = Optional.of(routerId.trim());
        }

        List<PeerSpec> peers = peers(hold, gr);
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("--node-name: missing; expected this node's name, or the NODE_NAME "
                    + "environment variable set from the downward API (spec.nodeName)");
        }
        int sp = (int) range("--status-port", statusPort, 0, 65535, "a TCP port from 1 to 65535, or 0 to disable");
        Optional<InetSocketAddress> status = Optional.empty();
        if (sp != 0) {
            InetAddress a;
            try {
                a = IpAddresses.parse(statusAddress);
            } catch (IllegalArgumentException e) {
                throw bad("--status-address", statusAddress, IpAddresses.EXPECTED);
            }
            status = Optional.of(new InetSocketAddress(a, sp));
        }
        if (clusterState != null && !Files.isReadable(clusterState)) {
            throw bad("--cluster-state", clusterState.toString(), "a readable YAML file");
        }
        AgentConfig config = new AgentConfig(asn, peers, rid, port, hold, gr, advertisePodCidr, advertiseClusterIp,
                advertiseExternalIp, advertiseLoadBalancerIp);
        return new Settings(config, nodeName.trim(), Optional.ofNullable(kubeconfig), Optional.ofNullable(clusterState),
                status, sync);
    }

    private List<PeerSpec> peers(Duration hold, GracefulRestart gr) {
        List<String> ips = NodeSettings.splitList(peerIps);
        List<String> asns = NodeSettings.splitList(peerAsns);
        List<String> ports = NodeSettings.splitList(peerPorts);
        List<String> passwords = peerPasswords.isEmpty() ? List.of() : List.of(peerPasswords.split(",", -1));
        if (asns.size() != ips.size()) {
            throw new IllegalArgumentException("--peer-router-asns: has " + asns.size() + " entries but --peer-router-ips has "
                    + ips.size() + "; expected one AS number per peer address");
        }
        if (!ports.isEmpty() && ports.size() != ips.size()) {
            throw new IllegalArgumentException("--peer-router-ports: has " + ports.size() + " entries but --peer-router-ips has "
                    + ips.size() + "; expected one port per peer address, or none for 179");
        }
        if (!passwords.isEmpty() && passwords.size() != ips.size()) {
            throw new IllegalArgumentException("--peer-router-passwords: has " + passwords.size()
                    + " entries but --peer-router-ips has " + ips.size() + "; expected one (possibly empty) base64 password per peer address");
        }
        List<PeerSpec> out = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            InetAddress a;
            try {
                a = IpAddresses.parse(ips.get(i));
            } catch (IllegalArgumentException e) {
                throw bad("--peer-router-ips", ips.get(i), IpAddresses.EXPECTED);
            }
            long remote = range("--peer-router-asns", asns.get(i), 1, 0xFFFF_FFFFL, ASN_FORM);
            int p = ports.isEmpty() ? 179 : (int) range("--peer-router-ports", ports.get(i), 1, 65535, "a TCP port from 1 to 65535");
            Optional<String> pw = Optional.empty();
            if (!passwords.isEmpty() && !passwords.get(i).isBlank()) {
                try {
                    pw = Optional.of(new String(Base64.getDecoder().decode(passwords.get(i).trim()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a password is a secret: say which entry, not its text
                    throw new IllegalArgumentException("--peer-router-passwords: entry " + (i + 1) + " is not valid base64 ("
                            + passwords.get(i).length() + " characters, not shown); expected a base64-encoded password");
                }
            }
            out.add(new PeerSpec(a, p, remote, pw, hold, gr));
        }
        return out;
    }

    private static long range(String flag, String value, long min, long max, String form) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(flag, value, form);
    }

    private static Duration duration(String flag, String value, Duration min, Duration max, String range) {
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(flag, value, GoDuration.EXPECTED + ", " + range);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(flag, value, GoDuration.EXPECTED + ", " + range);
        }
        return d;
    }

    private static IllegalArgumentException bad(String flag, String value, String form) {
        return new IllegalArgumentException(flag + ": bad value \"" + value + "\"; expected " + form);
    }

    private static void run(Settings s, boolean dryRun) throws IOException, InterruptedException {
        BgpControl control;
        SpeakerBgpControl speaker = null;
        if (dryRun) {
            log().warn("--dry-run: routes are computed, reconciled and shown, but no BGP session is opened");
            control = new InMemoryBgpControl();
        } else {
            // With graceful restart every start is a restart: End-of-RIB once the first reconcile is applied.
            GracefulRestart gr = s.config().gracefulRestart();
            speaker = new SpeakerBgpControl(SpeakerBgpControl.DEFAULT_CONNECT_RETRY,
                    gr.enabled() ? Optional.of(gr.deferralTime()) : Optional.empty());
            control = speaker;
        }
        Reconciler reconciler = new Reconciler(control, s.config(), s.nodeName());
        KubernetesClient client = null;
        ClusterSource source;
        if (s.clusterState().isPresent()) {
            source = new FileClusterSource(s.clusterState().get(), Duration.ofSeconds(1));
        } else {
            KubernetesClientBuilder builder = new KubernetesClientBuilder();
            if (s.kubeconfig().isPresent()) {
                builder.withConfig(Config.fromKubeconfig(Files.readString(s.kubeconfig().get())));
            }
            client = builder.build();
            source = new InformerClusterSource(client, Optional.of(s.nodeName()));
        }
        ReconcileLoop loop = new ReconcileLoop(source, reconciler, s.syncPeriod());
        StatusServer status = null;
        if (s.status().isPresent()) {
            status = new StatusServer(s.status().get(), reconciler, control, loop::firstSyncDone);
            status.start();
        }
        loop.start();
        ScheduledExecutorService upLogger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessions-up-log");
            t.setDaemon(true);
            return t;
        });
        if (speaker != null) {
            // The gobgp-shaped view, logged once the sessions are up (and again after each change).
            SpeakerBgpControl sp = speaker;
            upLogger.scheduleWithFixedDelay(sp::logWhenUp, 1, 1, TimeUnit.SECONDS);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KubernetesClient c = client;
        StatusServer st = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("shutting down");
            upLogger.shutdownNow();
            loop.close();
            control.shutdown();
            if (st != null) {
                st.close();
            }
            if (c != null) {
                c.close();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
