package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument parsing of the command-line launcher (starting a daemon is covered by the other tests). */
class DaemonCliTest {

    @Test
    void parsesAFullCommandLine() {
        DaemonCli.Request r = DaemonCli.parse(new String[] {"run", "frr", "--addr", "127.0.9.2", "--asn", "64902",
                "--peer", "127.0.9.1", "--peer-asn", "64901", "--port", "1179", "--peer-port", "1180", "--passive",
                "--hold", "30", "--graceful-restart", "60", "--route", "198.51.100.0/24,198.18.0.2",
                "--maximum-paths", "2", "--allow-martian-nexthop", "--router-id", "10.0.0.2"});
        assertEquals(Daemon.FRR, r.daemon());
        DaemonConfig c = r.config();
        assertEquals("127.0.9.2", c.localAddress());
        assertEquals(1179, c.port());
        assertEquals(64902, c.asn());
        assertEquals("10.0.0.2", c.routerId());
        assertEquals(2, c.maximumPaths());
        assertTrue(c.allowMartianNextHop());
        assertEquals(List.of(new Neighbour("127.0.9.1", 1180, 64901, true, 30, 1, true, 60, true)), c.neighbours());
        assertEquals(List.of(Announcement.of("198.51.100.0/24", "198.18.0.2")), c.announcements());
    }

    @Test
    void rejectsBadCommandLinesWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(new String[] {"start", "bird2"}));
        assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(new String[] {"run", "openbgpd"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(
                new String[] {"run", "bird2", "--addr", "127.0.9.2", "--asn", "1"}));
        assertTrue(e.getMessage().contains("--peer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(new String[] {"run", "bird2",
                "--addr", "10.0.0.1", "--asn", "1", "--peer", "127.0.9.1", "--peer-asn", "2"}));
        assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(new String[] {"run", "gobgp",
                "--addr", "127.0.9.2", "--asn", "1", "--peer", "127.0.9.1", "--peer-asn", "2", "--hold"}));
        assertThrows(IllegalArgumentException.class, () -> DaemonCli.parse(new String[] {"run", "gobgp",
                "--addr", "127.0.9.2", "--asn", "1", "--peer", "127.0.9.1", "--peer-asn", "2", "--bogus", "x"}));
    }
}
