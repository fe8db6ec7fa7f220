package dev.jbgp.wire.capability;

import dev.jbgp.wire.WireTestSupport;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.Safi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written capability vectors (code, length, value in hex) from the RFC layouts, each run through
 * decode and encode.
 */
class CapabilityVectorsTest {

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    static Stream<Arguments> vectors() {
        return Stream.of(
                // RFC 4760 §8: AFI 1, reserved 0, SAFI 1
                Arguments.of("01 04 0001 00 01", Multiprotocol.of(Afi.IPV4, Safi.UNICAST), "multiprotocol(ipv4-unicast)"),
                Arguments.of("01 04 0002 00 80", Multiprotocol.of(Afi.IPV6, Safi.MPLS_VPN), "multiprotocol(ipv6-mpls-vpn)"),
                // RFC 2918 §2 and the pre-standard code
                Arguments.of("02 00", RouteRefresh.STANDARD, "route-refresh"),
                Arguments.of("80 00", RouteRefresh.CISCO, "route-refresh(cisco 128)"),
                // RFC 7313 §3.1, RFC 8654 §3
                Arguments.of("46 00", EnhancedRouteRefresh.INSTANCE, "enhanced-route-refresh"),
                Arguments.of("06 00", ExtendedMessage.INSTANCE, "extended-message"),
                // RFC 6793 §3: AS 4200000000 = 0xFA56EA00
                Arguments.of("41 04 FA56EA00", new FourOctetAs(4_200_000_000L), "4-octet-as(4200000000)"),
                Arguments.of("41 04 0000FDE8", new FourOctetAs(65000), "4-octet-as(65000)"),
                // RFC 4724 §3: R bit, 120 s, IPv4 unicast with F, IPv6 unicast without
                Arguments.of("40 0A 8078 0001 01 80 0002 01 00",
                        GracefulRestart.of(true, false, 120, List.of(GracefulRestart.Family.of(V4, true),
                                GracefulRestart.Family.of(V6, false))),
                        "graceful-restart(R time=120s [ipv4-unicast(F), ipv6-unicast])"),
                // RFC 8538 §2: N bit only, 300 s, no families (helper mode)
                Arguments.of("40 02 412C", GracefulRestart.of(false, true, 300, List.of()), "graceful-restart(N time=300s)"),
                // RFC 7911 §4: IPv4 receive, IPv6 both
                Arguments.of("45 08 0001 01 01 0002 01 03",
                        new AddPath(List.of(new AddPath.Entry(V4, AddPath.RECEIVE), new AddPath.Entry(V6, AddPath.BOTH))),
                        "add-path[ipv4-unicast receive, ipv6-unicast send/receive]"),
                // RFC 9494 §3.1: IPv4 unicast, F, stale time 86400 = 0x015180
                Arguments.of("47 07 0001 01 80 015180",
                        new LongLivedGracefulRestart(List.of(new LongLivedGracefulRestart.Family(V4, 0x80, 86400))),
                        "long-lived-graceful-restart[ipv4-unicast(F) stale=86400s]"),
                Arguments.of("47 00", new LongLivedGracefulRestart(List.of()), "long-lived-graceful-restart[]"),
                // draft-walton-bgp-hostname: "r1" / "example.net"
                Arguments.of("49 0F 02 7231 0B 6578616D706C652E6E6574", new Fqdn("r1", "example.net"), "fqdn(r1 / example.net)"),
                Arguments.of("49 06 04 76796F73 00", new Fqdn("vyos", ""), "fqdn(vyos)"),
                // RFC 9234 §4.1: role customer
                Arguments.of("09 01 03", new Role(3), "role(customer)"),
                // unknown codes stay opaque
                Arguments.of("83 01 00", UnknownCapability.of(0x83, new byte[] {0}), "capability-131[00]"),
                Arguments.of("4B 03 616263", UnknownCapability.of(75, new byte[] {'a', 'b', 'c'}), "software-version[616263]"),
                Arguments.of("4D 00", UnknownCapability.of(77, new byte[0]), "capability-77"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("vectors")
    void decodesAndEncodes(String hex, Capability expected, String text) throws BgpDecodeException {
        String compact = hex.replace(" ", "");
        List<Capability> decoded = decode(compact, b -> Capabilities.decodeAll(b, 0, b.readableBytes()));
        assertEquals(List.of(expected), decoded);
        assertEquals(text, decoded.get(0).toString());
        assertEquals(compact, encode(expected::encode));
        assertEquals(compact.length() / 2, expected.encodedLength());
    }

    @Test
    void severalCapabilitiesInOneValue() throws BgpDecodeException {
        List<Capability> decoded = decode("010400010001" + "0200" + "4104000003E8",
                b -> Capabilities.decodeAll(b, 0, b.readableBytes()));
        assertEquals(List.of(Multiprotocol.of(1, 1), RouteRefresh.STANDARD, new FourOctetAs(1000)), decoded);
    }

    @Test
    void flagAccessors() throws BgpDecodeException {
        GracefulRestart gr = (GracefulRestart) decode("400AC0780001018000020100",
                b -> Capabilities.decode(64, b, 2, 10));
        assertTrue(gr.restartState());
        assertTrue(gr.notification());
        assertEquals(120, gr.restartTime());
        assertTrue(gr.families().get(0).forwardingStatePreserved());
        assertFalse(gr.families().get(1).forwardingStatePreserved());
        AddPath.Entry send = new AddPath.Entry(V4, AddPath.SEND);
        assertTrue(send.canSend());
        assertFalse(send.canReceive());
        AddPath.Entry odd = new AddPath.Entry(V4, 7);
        assertFalse(odd.canSend() || odd.canReceive());
        assertEquals("ipv4-unicast mode-7", odd.toString());
        assertEquals(UnknownCapability.of(5, new byte[] {1}), UnknownCapability.of(5, new byte[] {1}));
        assertNotEquals(UnknownCapability.of(5, new byte[] {1}), UnknownCapability.of(5, new byte[] {2}));
    }

    /** Malformed lengths: OPEN Message Error / Unspecific (RFC 4271 §6.2). */
    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "0102 0001, multiprotocol shorter than 4",
            "4103 000001, 4-octet AS of 3",
            "4105 0000000100, 4-octet AS of 5",
            "4001 00, graceful restart of 1",
            "4005 0078000101, graceful restart not 2+4n",
            "4500, add-path empty",
            "4503 000101, add-path not 4n",
            "4706 00010180000E, llgr not 7n",
            "4900, fqdn empty",
            "4902 0561, fqdn host overruns",
            "4904 01610261, fqdn domain overruns",
            "4905 0161016100, fqdn trailing octet",
            "0900, role empty",
            "0902 0101, role of 2",
            "0304 00010001, ORF shorter than 5",
            "0504 00010001, extended next hop not 6n",
            "01, lone octet",
            "0106 00010001, value overruns"
    })
    void malformedLengths(String hex, String what) {
        String compact = hex.replace(" ", "");
        WireTestSupport.assertError(compact, b -> Capabilities.decodeAll(b, 0, b.readableBytes()),
                2, 0, ErrorAction.SESSION_RESET);
    }

    @Test
    void valuelessCapabilitiesIgnorePadding() throws BgpDecodeException {
        // FRR accepts padding in a value-less capability; so do we.
        assertEquals(List.of(RouteRefresh.STANDARD), decode("02020000", b -> Capabilities.decodeAll(b, 0, 4)));
        assertEquals(List.of(Multiprotocol.of(1, 2)), decode("01050001000200", b -> Capabilities.decodeAll(b, 0, 7)));
    }

    @Test
    void constructorsRejectValuesTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new FourOctetAs(-1));
        assertThrows(IllegalArgumentException.class, () -> new FourOctetAs(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new GracefulRestart(16, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new GracefulRestart(0, 4096, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AddPath(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LongLivedGracefulRestart.Family(V4, 0, 1 << 24));
        assertThrows(IllegalArgumentException.class, () -> new Fqdn("h".repeat(200), "d".repeat(60)));
        assertThrows(IllegalArgumentException.class, () -> new RouteRefresh(3));
        assertThrows(IllegalArgumentException.class, () -> UnknownCapability.of(256, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> UnknownCapability.of(1, new byte[256]));
    }
}
