package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and defaults of the launcher's config values. */
class DaemonConfigTest {

    private static DaemonConfig.Builder valid() {
        return DaemonConfig.builder().localAddress("127.0.16.1").asn(65001)
                .neighbour(Neighbour.of("127.0.16.2", 179, 65002));
    }

    @Test
    void acceptsOnlyLoopbackAddresses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> valid().localAddress("192.0.2.1").build());
        assertTrue(e.getMessage().contains("127.0.0.0/8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> valid().localAddress("localhost").build());
        assertThrows(IllegalArgumentException.class, () -> valid().localAddress("::1").build());
        assertThrows(IllegalArgumentException.class, () -> Neighbour.of("10.0.0.2", 179, 65002));
        assertThrows(IllegalArgumentException.class, () -> Neighbour.of("127.0.0.256", 179, 65002));
    }

    @Test
    void defaultsAndCopies() {
        DaemonConfig c = valid().build();
        assertEquals(179, c.port());
        assertEquals("127.0.16.1", c.routerId());
        assertEquals(1, c.maximumPaths());
        assertEquals(DaemonConfig.DEFAULT_API_PORT, c.apiPort());
        Neighbour n = c.neighbours().get(0);
        assertFalse(n.passive());
        assertEquals(9, n.holdTime());
        assertEquals(3, n.keepalive());
        assertTrue(n.enabled());
        assertFalse(n.gracefulRestart());

        DaemonConfig d = c.toBuilder().port(11179).routerId("10.9.9.9").maximumPaths(4).build();
        assertEquals(11179, d.port());
        assertEquals("10.9.9.9", d.routerId());
        assertEquals(c.neighbours(), d.neighbours());
        assertEquals(179, c.port(), "the original is unchanged");
        assertTrue(d.neighbour("127.0.16.2").isPresent());
        assertTrue(d.neighbour("127.0.16.3").isEmpty());
    }

    @Test
    void rejectsInconsistentConfigs() {
        assertThrows(IllegalArgumentException.class,
                () -> DaemonConfig.builder().localAddress("127.0.16.1").asn(65001).build(), "no neighbour");
        assertThrows(IllegalArgumentException.class,
                () -> valid().neighbour(Neighbour.of("127.0.16.2", 179, 65003)).build(), "duplicate neighbour");
        assertThrows(IllegalArgumentException.class,
                () -> valid().neighbour(Neighbour.of("127.0.16.1", 179, 65003)).build(), "neighbour is self");
        assertThrows(IllegalArgumentException.class, () -> valid().asn(0).build());
        assertThrows(IllegalArgumentException.class, () -> valid().asn(1L << 32).build());
        assertThrows(IllegalArgumentException.class, () -> valid().routerId("not-an-id").build());
        assertThrows(IllegalArgumentException.class, () -> valid().apiPort(179).build());
        Announcement a = Announcement.of("10.0.0.0/8", "198.18.0.1");
        assertThrows(IllegalArgumentException.class, () -> valid().announce(a).announce(a).build());
        assertThrows(IllegalArgumentException.class, () -> Neighbour.of("127.0.16.2", 179, 1).withHoldTime(2));
        assertThrows(IllegalArgumentException.class, () -> Neighbour.of("127.0.16.2", 179, 1).withGracefulRestart(4096));
    }

    @Test
    void announcementsAreValidated() {
        Announcement a = Announcement.of("198.51.100.0/24", "198.18.0.1").withMed(5)
                .withCommunities("65001:1").withLargeCommunities("4200000000:1:2").withPrepend(2);
        assertEquals(OptionalLong.of(5), a.med());
        assertEquals(List.of("65001:1"), a.communities());
        assertEquals(Afi.IPV4, a.afi());
        assertEquals(Afi.IPV6, Announcement.of("2001:db8::/32", "2001:db8:ffff::1").afi());
        assertThrows(IllegalArgumentException.class, () -> Announcement.of("198.51.100.0/24", "2001:db8::1"));
        assertThrows(IllegalArgumentException.class, () -> Announcement.of("198.51.100.0/33", "198.18.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Announcement.of("198.51.100.0", "198.18.0.1"));
        assertThrows(IllegalArgumentException.class, () -> a.withCommunities("65536:1"));
        assertThrows(IllegalArgumentException.class, () -> a.withLargeCommunities("1:2"));
        assertThrows(IllegalArgumentException.class, () -> a.withMed(-1));
        assertThrows(IllegalArgumentException.class, () -> Announcement.of("example.com/24", "198.18.0.1"));
    }

    @Test
    void md5PasswordsAreKeptAndValidated() {
        Neighbour n = Neighbour.of("127.0.16.2", 179, 65002);
        assertEquals(Optional.empty(), n.md5Password());
        Neighbour signed = n.withMd5Password("s3cret").asPassive().withHoldTime(30);
        assertEquals(Optional.of("s3cret"), signed.md5Password(), "copies keep the password");
        assertThrows(IllegalArgumentException.class, () -> n.withMd5Password(""));
        assertThrows(IllegalArgumentException.class, () -> n.withMd5Password("two words"));
        assertThrows(IllegalArgumentException.class, () -> n.withMd5Password("quo\"te"));
        assertThrows(IllegalArgumentException.class, () -> n.withMd5Password("x".repeat(81)));
    }

    @Test
    void sessionStatesOfAllThreeDaemonsParse() {
        assertEquals(SessionState.ESTABLISHED, SessionState.parse("Established"));
        assertEquals(SessionState.ESTABLISHED, SessionState.parse("6"));
        assertEquals(SessionState.IDLE, SessionState.parse("Idle (Admin)"));
        assertEquals(SessionState.IDLE, SessionState.parse("Down"));
        assertEquals(SessionState.OPEN_SENT, SessionState.parse("OpenSent"));
        assertEquals(SessionState.OPEN_CONFIRM, SessionState.parse("BGP_FSM_OPENCONFIRM".replace("BGP_FSM_", "")));
        assertEquals(SessionState.ACTIVE, SessionState.parse("Active"));
        assertEquals(SessionState.CONNECT, SessionState.parse("2"));
        assertEquals(SessionState.UNKNOWN, SessionState.parse("Clearing"));
    }
}
