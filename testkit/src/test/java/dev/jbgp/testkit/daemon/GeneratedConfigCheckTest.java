package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option of {@link DaemonConfig} rendered for each daemon and checked by the daemon's own
 * configuration checker ({@code bird -p}, {@code bgpd -C}, {@code gobgpd -d}), plus the quirk lines
 * the launcher depends on, so a config mistake fails here with the checker's message rather than as
 * a session that never comes up.
 */
class GeneratedConfigCheckTest {

    private static DaemonConfig everything() {
        return DaemonConfig.builder().localAddress("127.0.250.1").port(11179).asn(4_200_000_001L)
                .routerId("10.255.0.1").maximumPaths(4).allowMartianNextHop(true).apiPort(50061)
                .neighbour(Neighbour.of("127.0.250.2", 11179, 65002).withGracefulRestart(60).withHoldTime(30)
                        .withMd5Password("jbgp-secret"))
                .neighbour(Neighbour.of("127.0.250.3", 11180, 65003).asPassive().asDisabled().withConnectRetry(2).withAddPathReceive())
                .announce(Announcement.of("198.51.100.0/24", "198.18.0.1").withMed(10)
                        .withCommunities("65001:1", "65001:2").withLargeCommunities("4200000001:7:8").withPrepend(3))
                .announce(Announcement.of("2001:db8:a::/48", "2001:db8:ffff::1").withMed(0)
                        .withCommunities("65001:6"))
                .announce(Announcement.of("203.0.113.0/24", "198.18.0.9"))
                .build();
    }

    @Test
    void birdAcceptsTheGeneratedConfig(@TempDir Path dir) throws IOException {
        Interop.require(Daemon.BIRD2);
        DaemonConfig c = everything();
        String text = BirdConfigWriter.write(c, c.announcements(), dir.resolve("bird.log"));
        assertTrue(text.contains("multihop;"), text);
        assertTrue(text.contains("strict bind yes;"), text);
        assertTrue(text.contains("next hop keep;"), text);
        assertTrue(text.contains("bgp_path.prepend(4200000001);\n    bgp_path.prepend(4200000001);\n"
                + "    bgp_path.prepend(4200000001);"), text);
        assertTrue(text.contains("passive yes;") && text.contains("disabled yes;"), text);
        assertTrue(text.contains("  password \"jbgp-secret\";"), text);
        assertEquals(1, text.split("password", -1).length - 1, "only the neighbour with a password: " + text);
        Path conf = Files.writeString(dir.resolve("bird.conf"), text);
        check(List.of("/usr/sbin/bird", "-p", "-c", conf.toString()), text);
    }

    @Test
    void frrAcceptsTheGeneratedConfig(@TempDir Path dir) throws IOException {
        Interop.require(Daemon.FRR);
        DaemonConfig mixed = everything();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrrConfigWriter.write(mixed, mixed.announcements(), dir.resolve("bgpd.log")));
        assertTrue(e.getMessage().contains("graceful restart"), e.getMessage());
        // graceful restart is instance-wide in FRR: on for both neighbours here
        DaemonConfig c = mixed.toBuilder().clearNeighbours()
                .neighbour(mixed.neighbours().get(0))
                .neighbour(mixed.neighbours().get(1).withGracefulRestart(60))
                .build();
        String text = FrrConfigWriter.write(c, c.announcements(), dir.resolve("bgpd.log"));
        assertTrue(text.contains(" no bgp ebgp-requires-policy"), text);
        assertTrue(text.contains(" bgp allow-martian-nexthop"), text);
        assertTrue(text.contains(" set as-path prepend 4200000001 4200000001 4200000001"), text);
        assertTrue(text.contains("  maximum-paths 4"), text);
        assertTrue(text.contains("  neighbor 127.0.250.2 attribute-unchanged next-hop"), text);
        assertTrue(text.contains(" neighbor 127.0.250.2 password jbgp-secret\n"), text);
        assertTrue(!text.contains(" neighbor 127.0.250.3 password"), text);
        assertTrue(text.contains("route-map ANN-2001:db8:a::_48 permit 10\n set metric 0\n set community 65001:6\n"
                + " set ipv6 next-hop global 2001:db8:ffff::1\nexit"), text);
        assertTrue(text.contains(" bgp graceful-restart\n bgp graceful-restart restart-time 60\n"), text);
        assertTrue(!text.contains("neighbor 127.0.250.2 graceful-restart"), "inherits the global mode: " + text);
        DaemonConfig noGr = c.toBuilder().clearNeighbours()
                .neighbour(Neighbour.of("127.0.250.2", 11179, 65002))
                .neighbour(Neighbour.of("127.0.250.3", 11180, 65003)).build();
        String noGrText = FrrConfigWriter.write(noGr, noGr.announcements(), dir.resolve("bgpd.log"));
        assertTrue(noGrText.contains(" neighbor 127.0.250.3 graceful-restart-disable"), noGrText);
        assertTrue(!noGrText.contains(" bgp graceful-restart"), noGrText);
        check(List.of("/usr/lib/frr/bgpd", "-C", "-Z", "-S", "-f",
                Files.writeString(dir.resolve("nogr.conf"), noGrText).toString(),
                "--vty_socket", dir.toString(), "-i", dir.resolve("bgpd.pid").toString()), noGrText);
        Path conf = Files.writeString(dir.resolve("bgpd.conf"), text);
        check(List.of("/usr/lib/frr/bgpd", "-C", "-Z", "-S", "-f", conf.toString(),
                "--vty_socket", dir.toString(), "-i", dir.resolve("bgpd.pid").toString()), text);
    }

    @Test
    void gobgpAcceptsTheGeneratedConfig(@TempDir Path dir) throws IOException {
        Interop.require(Daemon.GOBGP);
        DaemonConfig c = everything();
        String text = GoBgpConfigWriter.write(c);
        assertTrue(text.contains("admin-down = true"), "neighbours start down until routes are in: " + text);
        assertTrue(text.contains("idle-hold-time-after-reset = 1"), text);
        assertTrue(text.contains("passive-mode = true"), text);
        assertTrue(text.contains("    auth-password = \"jbgp-secret\"\n"), text);
        assertEquals(1, text.split("auth-password", -1).length - 1, "only the neighbour with a password: " + text);
        assertEquals(List.of("-a", "ipv4", "198.51.100.0/24", "origin", "igp", "nexthop", "198.18.0.1", "med", "10",
                        "community", "65001:1,65001:2", "large-community", "4200000001:7:8",
                        "aspath", "4200000001,4200000001,4200000001"),
                GoBgpConfigWriter.ribAddArguments(c, c.announcements().get(0)));
        Path conf = Files.writeString(dir.resolve("gobgpd.toml"), text);
        check(List.of("/usr/bin/gobgpd", "-d", "-f", conf.toString(), "-t", "toml"), text);
    }

    private static String check(List<String> argv, String config) {
        Command.Result r = Command.run(argv, Duration.ofSeconds(20));
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), "checker rejected the config:\n" + out + "\n--- config ---\n" + config);
        // bgpd -C exits 0 even for unknown or refused lines; it only reports them
        for (String bad : List.of("No such command", "Unknown command", "Config Failed", "% Invalid")) {
            assertTrue(!out.contains(bad), "checker complained (" + bad + "):\n" + out + "\n--- config ---\n" + config);
        }
        return out;
    }
}
