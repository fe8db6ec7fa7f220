package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** kube-router's flag spellings and forms, and messages that name the flag, the value and the form. */
class MainTest {

    static Main.Settings parse(String... args) {
        Main m = new Main();
        new CommandLine(m).parseArgs(args);
        return m.settings();
    }

    static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsAreKubeRouters() {
        Main.Settings s = parse("--node-name=node-1");
        AgentConfig c = s.config();
        assertEquals(64512, c.clusterAsn());
        assertEquals(179, c.bgpPort());
        assertEquals(Duration.ofSeconds(90), c.holdTime());
        assertEquals(GracefulRestart.DEFAULT, c.gracefulRestart());
        assertTrue(c.advertisePodCidr());
        assertFalse(c.advertiseClusterIp() || c.advertiseExternalIp() || c.advertiseLoadBalancerIp());
        assertEquals(Optional.empty(), c.routerId());
        assertEquals(Duration.ofMinutes(5), s.syncPeriod());
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 20244)), s.status(),
                "status on loopback by default");
        assertEquals("node-1", s.nodeName());
    }

    @Test
    void booleanFlagsInEveryForm() {
        AgentConfig c = parse("--node-name=n", "--advertise-cluster-ip", "--advertise-external-ip=true",
                "--advertise-loadbalancer-ip=false", "--advertise-pod-cidr=false", "--bgp-graceful-restart").config();
        assertTrue(c.advertiseClusterIp());
        assertTrue(c.advertiseExternalIp());
        assertFalse(c.advertiseLoadBalancerIp());
        assertFalse(c.advertisePodCidr());
        assertTrue(c.gracefulRestart().enabled());
    }

    @Test
    void badBooleanIsRejectedNamingTheFlag() {
        Main m = new Main();
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(m).parseArgs("--advertise-cluster-ip=yes"));
        assertTrue(e.getMessage().contains("--advertise-cluster-ip") && e.getMessage().contains("yes"), e.getMessage());
    }

    @Test
    void globalPeersFromCommaSeparatedLists() {
        AgentConfig c = parse("--node-name=n", "--cluster-asn=65010", "--peer-router-ips=127.0.0.1,127.0.0.2",
                "--peer-router-asns=65000,65001", "--peer-router-ports=179,1179", "--peer-router-passwords=c2VjcmV0,",
                "--bgp-holdtime=30s", "--bgp-graceful-restart=true", "--bgp-graceful-restart-time=2m",
                "--bgp-graceful-restart-deferral-time=1h").config();
        assertEquals(65010, c.clusterAsn());
        GracefulRestart gr = new GracefulRestart(true, Duration.ofMinutes(2), Duration.ofHours(1));
        assertEquals(List.of(
                new PeerSpec(IpAddresses.parse("127.0.0.1"), 179, 65000, Optional.of("secret"), Duration.ofSeconds(30), gr),
                new PeerSpec(IpAddresses.parse("127.0.0.2"), 1179, 65001, Optional.empty(), Duration.ofSeconds(30), gr)),
                c.globalPeers());
    }

    @Test
    void routerIdForms() {
        assertEquals(Optional.of("127.0.0.5"), parse("--node-name=n", "--router-id=127.0.0.5").config().routerId());
        assertEquals(Optional.of("generate"), parse("--node-name=n", "--router-id=generate").config().routerId());
        assertEquals("--router-id: bad value \"::1\"; expected an IPv4 address (a.b.c.d) or 'generate'",
                error("--node-name=n", "--router-id=::1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cluster-asn=0|--cluster-asn: bad value \"0\"; expected an AS number from 1 to 4294967295",
        "--cluster-asn=4294967296|--cluster-asn: bad value \"4294967296\"; expected an AS number from 1 to 4294967295",
        "--bgp-port=70000|--bgp-port: bad value \"70000\"; expected a TCP port from 1 to 65535",
        "--bgp-holdtime=2s|--bgp-holdtime: bad value \"2s\"; expected a duration such as 90s, 5m or 1h30m (units h, m, s, ms), from 3s to 18h12m15s",
        "--bgp-holdtime=90|--bgp-holdtime: bad value \"90\"; expected a duration such as 90s, 5m or 1h30m (units h, m, s, ms), from 3s to 18h12m15s",
        "--bgp-graceful-restart-time=2h|--bgp-graceful-restart-time: bad value \"2h\"; expected a duration such as 90s, 5m or 1h30m (units h, m, s, ms), up to 4095s (RFC 4724 §3: 12 bits)",
        "--routes-sync-period=soon|--routes-sync-period: bad value \"soon\"; expected a duration such as 90s, 5m or 1h30m (units h, m, s, ms), from 1s to 24h",
        "--status-port=-1|--status-port: bad value \"-1\"; expected a TCP port from 1 to 65535, or 0 to disable",
        "--status-address=localhost|--status-address: bad value \"localhost\"; expected an IPv4 address (a.b.c.d) or an IPv6 address (such as 2001:db8::1)"})
    void badValuesNameFlagValueAndForm(String flag, String message) {
        assertEquals(message, error("--node-name=n", flag));
    }

    @Test
    void peerListErrors() {
        assertEquals("--peer-router-asns: has 1 entries but --peer-router-ips has 2; expected one AS number per peer address",
                error("--node-name=n", "--peer-router-ips=127.0.0.1,127.0.0.2", "--peer-router-asns=65000"));
        assertEquals("--peer-router-ports: has 1 entries but --peer-router-ips has 2; expected one port per peer address, or none for 179",
                error("--node-name=n", "--peer-router-ips=127.0.0.1,127.0.0.2", "--peer-router-asns=1,2", "--peer-router-ports=179"));
        assertEquals("--peer-router-ips: bad value \"router1\"; expected an IPv4 address (a.b.c.d) or an IPv6 address (such as 2001:db8::1)",
                error("--node-name=n", "--peer-router-ips=router1", "--peer-router-asns=65000"));
        assertEquals("--peer-router-asns: bad value \"AS65000\"; expected an AS number from 1 to 4294967295",
                error("--node-name=n", "--peer-router-ips=127.0.0.1", "--peer-router-asns=AS65000"));
        String pw = error("--node-name=n", "--peer-router-ips=127.0.0.1", "--peer-router-asns=65000", "--peer-router-passwords=not*base64");
        assertEquals("--peer-router-passwords: entry 1 is not valid base64 (10 characters, not shown); expected a base64-encoded password", pw);
        assertEquals("--peer-router-passwords: has 2 entries but --peer-router-ips has 1; expected one (possibly empty) base64 password per peer address",
                error("--node-name=n", "--peer-router-ips=127.0.0.1", "--peer-router-asns=65000", "--peer-router-passwords=a,b"));
    }

    @Test
    void nodeNameIsRequired() {
        // NODE_NAME is not set in the test JVM's environment by the build
        if (System.getenv("NODE_NAME") == null) {
            assertTrue(error().startsWith("--node-name: missing; expected this node's name, or the NODE_NAME"));
        }
        assertEquals("--cluster-state: bad value \"/nonexistent/cluster.yaml\"; expected a readable YAML file",
                error("--node-name=n", "--cluster-state=/nonexistent/cluster.yaml"));
    }

    @Test
    void badFlagExitsWithUsageErrorThroughPicocli() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--node-name=n", "--cluster-asn=-5"));
        assertTrue(err.toString().contains("--cluster-asn: bad value \"-5\""), err.toString());
    }

    @Test
    void statusAndDemoAreTheOnlySubcommands() {
        assertEquals(List.of("status", "demo"), List.copyOf(new CommandLine(new Main()).getSubcommands().keySet()));
    }

    @Test
    void dryRunIsABooleanFlagInKubeRoutersForms() {
        for (String[] args : List.of(new String[] {"--dry-run"}, new String[] {"--dry-run=true"})) {
            Main m = new Main();
            new CommandLine(m).parseArgs(args);
            assertTrue(m.dryRun, String.join(" ", args));
        }
        Main off = new Main();
        new CommandLine(off).parseArgs("--dry-run=false");
        assertFalse(off.dryRun);
        assertFalse(new Main().dryRun, "the real speaker by default");
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1s500ms"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5 minutes"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("m"));
    }

    @Test
    void statusSubcommandPrintsTheRunningAgentsView() throws Exception {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, AgentConfig.defaults(), "node-1");
        r.reconcile(ClusterState.of(List.of(Fixtures.node("node-1", "127.244.1.0/24", "127.0.0.11")), List.of(), List.of()));
        try (StatusServer s = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), r, control, () -> true)) {
            s.start();
            StringWriter out = new StringWriter();
            CommandLine cl = new CommandLine(new Main());
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute("status", "--status-port=" + s.port()));
            assertTrue(out.toString().startsWith("--- BGP Server Configuration ---\nAS:        64512\n"), out.toString());
            assertTrue(out.toString().contains("*> 127.244.1.0/24"), out.toString());
            int port = s.port();
            s.close();
            StringWriter err = new StringWriter();
            CommandLine c2 = new CommandLine(new Main());
            c2.setErr(new PrintWriter(err));
            assertEquals(1, c2.execute("status", "--status-port=" + port));
            assertTrue(err.toString().contains("no agent answers at http://127.0.0.1:" + port), err.toString());
        }
    }
}
