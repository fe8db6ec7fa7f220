package dev.jbgp.wire.message;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.jbgp.wire.WireTestSupport.assertError;
import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static dev.jbgp.wire.WireTestSupport.header;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KEEPALIVE (RFC 4271 §4.4) and ROUTE-REFRESH (RFC 2918, RFC 7313). */
class KeepaliveAndRouteRefreshTest {

    @Test
    void keepalive() throws BgpDecodeException {
        String hex = header(19, 4);
        assertSame(KeepaliveMessage.INSTANCE, decode(hex, KeepaliveMessage::decode));
        assertEquals(hex, encode(KeepaliveMessage.INSTANCE::encode));
        assertEquals(19, KeepaliveMessage.INSTANCE.encodedLength());
        assertEquals("KEEPALIVE", KeepaliveMessage.INSTANCE.toString());
        var e = assertError(header(20, 4) + "00", KeepaliveMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
        assertEquals("0014", hex(e.data()));
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource({
            "0001 00 01, 0, false, ROUTE-REFRESH{ipv4-unicast request}",
            "0002 01 01, 1, false, ROUTE-REFRESH{ipv6-unicast BoRR}",
            "0001 02 01, 2, false, ROUTE-REFRESH{ipv4-unicast EoRR}",
            "0001 FF 01, 255, true, ROUTE-REFRESH{ipv4-unicast reserved-subtype-255}",
            "0001 03 80, 3, true, ROUTE-REFRESH{ipv4-mpls-vpn reserved-subtype-3}"
    })
    void routeRefreshVectors(String body, int subtype, boolean reserved, String text) throws BgpDecodeException {
        String hex = header(23, 5) + body.replace(" ", "");
        for (boolean enhanced : new boolean[] {false, true}) {
            RouteRefreshMessage m = decode(hex, b -> RouteRefreshMessage.decode(b, enhanced));
            assertEquals(subtype, m.subtype());
            assertEquals(reserved, m.isReservedSubtype());
            assertEquals(text, m.toString());
            assertEquals(hex, encode(m::encode));
        }
    }

    @Test
    void factoriesMatchTheWire() {
        assertEquals(header(23, 5) + "00010001", encode(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST)::encode));
        assertEquals(header(23, 5) + "00020101", encode(RouteRefreshMessage.beginning(AddressFamily.IPV6_UNICAST)::encode));
        assertEquals(header(23, 5) + "00010201", encode(RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST)::encode));
        assertEquals(AddressFamily.IPV6_UNICAST, RouteRefreshMessage.end(AddressFamily.IPV6_UNICAST).family());
    }

    @Test
    void orfEntriesAreKeptOpaque() throws BgpDecodeException {
        // RFC 5291: when-to-refresh IMMEDIATE (1), ORF type 64, length 0
        String hex = header(27, 5) + "00010001" + "01400000";
        RouteRefreshMessage m = decode(hex, b -> RouteRefreshMessage.decode(b, false));
        assertArrayEquals(new byte[] {1, 0x40, 0, 0}, m.orfEntries());
        assertEquals(RouteRefreshMessage.of(1, 0, 1, new byte[] {1, 0x40, 0, 0}), m);
        assertEquals(hex, encode(m::encode));
        assertEquals("ROUTE-REFRESH{ipv4-unicast request, orf=01400000}", m.toString());
        assertFalse(m.isReservedSubtype());
    }

    @Test
    void wrongLengthWithoutEnhancedRouteRefreshIsAHeaderError() {
        var e = assertError(header(22, 5) + "000100", b -> RouteRefreshMessage.decode(b, false), 1, 2, ErrorAction.SESSION_RESET);
        assertEquals("0016", hex(e.data()));
        e = assertError(header(24, 5) + "0001010100", b -> RouteRefreshMessage.decode(b, false), 1, 2, ErrorAction.SESSION_RESET);
        assertEquals("0018", hex(e.data()));
    }

    @Test
    void wrongLengthWithEnhancedRouteRefreshIsCode7Subcode1WithTheMessage() {
        String borr = header(24, 5) + "0001010100";
        var e = assertError(borr, b -> RouteRefreshMessage.decode(b, true), 7, 1, ErrorAction.SESSION_RESET);
        assertEquals(borr, hex(e.data()));
        String eorr = header(25, 5) + "000102010000";
        e = assertError(eorr, b -> RouteRefreshMessage.decode(b, true), 7, 1, ErrorAction.SESSION_RESET);
        assertEquals(eorr, hex(e.data()));
        String tooShort = header(21, 5) + "0001";
        e = assertError(tooShort, b -> RouteRefreshMessage.decode(b, true), 7, 1, ErrorAction.SESSION_RESET);
        assertEquals(tooShort, hex(e.data()));
    }

    @Test
    void equalityAndCopies() {
        byte[] orf = {1, 2};
        RouteRefreshMessage m = RouteRefreshMessage.of(1, 0, 1, orf);
        orf[0] = 9;
        assertEquals(RouteRefreshMessage.of(1, 0, 1, new byte[] {1, 2}), m);
        assertEquals(RouteRefreshMessage.of(1, 0, 1, new byte[] {1, 2}).hashCode(), m.hashCode());
        assertTrue(RouteRefreshMessage.of(1, 7, 1).isReservedSubtype());
    }
}
