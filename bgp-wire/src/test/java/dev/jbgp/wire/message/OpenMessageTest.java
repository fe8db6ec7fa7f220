package dev.jbgp.wire.message;

import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.EnhancedRouteRefresh;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static dev.jbgp.wire.WireTestSupport.assertError;
import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static dev.jbgp.wire.WireTestSupport.header;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OPEN (RFC 4271 §4.2, RFC 9072, RFC 6793 AS_TRANS) vectors written from the RFC layouts. */
class OpenMessageTest {

    private static final int ID_127_0_0_1 = 0x7F000001;

    /** Hex of a whole OPEN with this body after the header. */
    private static String open(String body) {
        String b = body.replace(" ", "");
        return header(19 + b.length() / 2, 1) + b;
    }

    private static void roundTrip(String hex, OpenMessage expected) throws BgpDecodeException {
        assertEquals(expected, decode(hex, OpenMessage::decode), "decode");
        assertEquals(hex, encode(expected::encode), "encode");
        assertEquals(hex.length() / 2, expected.encodedLength());
    }

    @Test
    void minimalOpenWithoutParameters() throws BgpDecodeException {
        // version 4, AS 65001, hold 180, id 127.0.0.1, no optional parameters
        String hex = open("04 FDE9 00B4 7F000001 00");
        OpenMessage expected = new OpenMessage(4, 65001, 180, ID_127_0_0_1, List.of());
        roundTrip(hex, expected);
        assertEquals(65001, expected.effectiveAs());
        assertEquals("OPEN{version=4, as=65001, hold=180s, id=127.0.0.1}", expected.toString());
    }

    @Test
    void fourOctetAsBehindAsTrans() throws BgpDecodeException {
        // My AS = AS_TRANS 23456 (0x5BA0); one parameter with MP IPv4, route refresh, 4-octet AS 4200000000
        String hex = open("04 5BA0 005A 7F000001 10 02 0E 010400010001 0200 4104FA56EA00");
        List<Capability> caps = List.of(Multiprotocol.of(1, 1), RouteRefresh.STANDARD, new FourOctetAs(4_200_000_000L));
        OpenMessage expected = OpenMessage.create(4_200_000_000L, 90, ID_127_0_0_1, caps);
        assertEquals(OpenMessage.AS_TRANS, expected.myAs());
        roundTrip(hex, expected);
        assertEquals(4_200_000_000L, expected.effectiveAs());
        assertEquals(caps, expected.capabilities());
        assertEquals(new FourOctetAs(4_200_000_000L), expected.capability(FourOctetAs.class).orElseThrow());
        assertTrue(expected.capability(AddPath.class).isEmpty());
        assertEquals("OPEN{version=4, as=23456 (4-octet 4200000000), hold=90s, id=127.0.0.1, "
                + "[multiprotocol(ipv4-unicast), route-refresh, 4-octet-as(4200000000)]}", expected.toString());
        assertEquals(OptionalLong.of(4_200_000_000L), peek(hex));
    }

    @Test
    void oneCapabilityPerParameterKeepsItsGrouping() throws BgpDecodeException {
        String hex = open("04 FDE9 00B4 7F000001 10 0206010400010001 02024600 02020200");
        OpenMessage expected = new OpenMessage(4, 65001, 180, ID_127_0_0_1, List.of(
                CapabilityParameter.of(Multiprotocol.of(1, 1)),
                CapabilityParameter.of(EnhancedRouteRefresh.INSTANCE),
                CapabilityParameter.of(RouteRefresh.STANDARD)));
        roundTrip(hex, expected);
        assertEquals(3, expected.capabilities().size());
    }

    @Test
    void emptyCapabilitiesParameter() throws BgpDecodeException {
        roundTrip(open("04 FDE9 0000 7F000001 02 0200"),
                new OpenMessage(4, 65001, 0, ID_127_0_0_1, List.of(new CapabilityParameter(List.of()))));
    }

    @Test
    void rfc9072ExtendedFormDecodesAndIsOnlyEncodedWhenNeeded() throws BgpDecodeException {
        // Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt. Parm. Length 9, one parameter with a
        // 2-octet length 6 holding MP IPv4 unicast.
        String ext = open("04 FDE9 00B4 7F000001 FF FF 0009 02 0006 010400010001");
        OpenMessage decoded = decode(ext, OpenMessage::decode);
        assertEquals(List.of(Multiprotocol.of(1, 1)), decoded.capabilities());
        assertFalse(decoded.usesExtendedParameters());
        assertEquals(open("04 FDE9 00B4 7F000001 08 02 06 010400010001"), encode(decoded::encode));

        // 50 MP capabilities are 300 octets: only the extended form holds them.
        List<Capability> many = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int afi = 1; afi <= 50; afi++) {
            many.add(Multiprotocol.of(afi, 1));
            value.append(String.format("0104%04X0001", afi));
        }
        OpenMessage big = OpenMessage.create(65001, 180, ID_127_0_0_1, many);
        assertTrue(big.usesExtendedParameters());
        String bigHex = open("04 FDE9 00B4 7F000001 FF FF 012F 02 012C " + value);
        roundTrip(bigHex, big);
    }

    @Test
    void encoderRefusesAnOpenOver4096Octets() {
        List<Capability> many = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            many.add(Multiprotocol.of(1 + i, 1));
        }
        OpenMessage huge = OpenMessage.create(65001, 180, ID_127_0_0_1, many);
        assertThrows(IllegalStateException.class, () -> encode(huge::encode));
    }

    @Test
    void gracefulRestartAndAddPathSurviveAFullOpen() throws BgpDecodeException {
        List<Capability> caps = List.of(
                GracefulRestart.of(false, true, 120, List.of(GracefulRestart.Family.of(AddressFamily.IPV4_UNICAST, true))),
                new AddPath(List.of(new AddPath.Entry(AddressFamily.IPV4_UNICAST, AddPath.BOTH))));
        OpenMessage open = OpenMessage.create(65001, 180, ID_127_0_0_1, caps);
        String hex = open("04 FDE9 00B4 7F000001 10 02 0E 4006 4078 0001 01 80 4504 0001 01 03");
        roundTrip(hex, open);
    }

    @Test
    void unsupportedVersionCarriesVersion4() {
        var e = assertError(open("03 FDE9 00B4 7F000001 00"), OpenMessage::decode, 2, 1, ErrorAction.SESSION_RESET);
        assertEquals("0004", hex(e.data()));
        e = assertError(open("05 FDE9 00B4 7F000001 00"), OpenMessage::decode, 2, 1, ErrorAction.SESSION_RESET);
        assertEquals("0004", hex(e.data()));
    }

    @ParameterizedTest(name = "hold time {0}")
    @CsvSource({"1", "2"})
    void holdTimeOneOrTwoIsUnacceptable(int hold) {
        assertError(open(String.format("04 FDE9 %04X 7F000001 00", hold)), OpenMessage::decode, 2, 6, ErrorAction.SESSION_RESET);
    }

    @ParameterizedTest(name = "hold time {0}")
    @CsvSource({"0", "3", "65535"})
    void holdTimeZeroAndThreeAndUpAreFine(int hold) throws BgpDecodeException {
        assertEquals(hold, decode(open(String.format("04 FDE9 %04X 7F000001 00", hold)), OpenMessage::decode).holdTime());
    }

    @Test
    void zeroBgpIdentifierIsBad() {
        assertError(open("04 FDE9 00B4 00000000 00"), OpenMessage::decode, 2, 3, ErrorAction.SESSION_RESET);
    }

    @Test
    void zeroAsIsBadPeerAs() {
        // RFC 7607, in the My AS field or in the 4-octet AS capability
        assertError(open("04 0000 00B4 7F000001 00"), OpenMessage::decode, 2, 2, ErrorAction.SESSION_RESET);
        assertError(open("04 5BA0 00B4 7F000001 08 0206 410400000000"), OpenMessage::decode, 2, 2, ErrorAction.SESSION_RESET);
    }

    @ParameterizedTest(name = "parameter type {0}")
    @CsvSource({"01", "03", "FE"})
    void optionalParameterOtherThanCapabilitiesIsUnsupported(String type) {
        assertError(open("04 FDE9 00B4 7F000001 04 " + type + "02 0000"), OpenMessage::decode, 2, 4, ErrorAction.SESSION_RESET);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "04 FDE9 00B4 7F000001 05, ends at the Opt Parm Len octet",
            "04 FDE9 00B4 7F000001 00 00, octets after an empty parameter field",
            "04 FDE9 00B4 7F000001 03 0206 0104, parameter overruns the field",
            "04 FDE9 00B4 7F000001 01 02, parameter header truncated",
            "04 FDE9 00B4 7F000001 FF FF, RFC 9072 marker without its length",
            "04 FDE9 00B4 7F000001 FF FF 00, RFC 9072 length truncated",
            "04 FDE9 00B4 7F000001 FF FF 0010 02 0000, RFC 9072 length disagrees with the message",
            "04 FDE9 00B4 7F000001 FF FF 0002 02 00, RFC 9072 parameter header truncated",
            "04 FDE9 00B4 7F000001 FF FF 0005 02 0003 0104, RFC 9072 parameter overruns",
            "04 FDE9 00B4 7F000001 04 02 02 0102, malformed capability inside"
    })
    void malformedLengthsAreOpenMessageErrorUnspecific(String body, String what) {
        assertError(open(body), OpenMessage::decode, 2, 0, ErrorAction.SESSION_RESET);
    }

    @Test
    void headerErrorsComeFirst() {
        // 28 octets: the message ends before the Opt Parm Len octet
        var e = assertError(header(28, 1) + "04FDE900B47F000001", OpenMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
        assertEquals("001C", hex(e.data()));
        assertError("00" + open("04 FDE9 00B4 7F000001 00").substring(2), OpenMessage::decode, 1, 1, ErrorAction.SESSION_RESET);
        // a KEEPALIVE handed to the OPEN decoder
        assertError(header(19, 4), OpenMessage::decode, 1, 3, ErrorAction.SESSION_RESET);
        // length field and buffer disagree
        assertError(header(40, 1) + "04FDE900B47F00000100", OpenMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
    }

    @Test
    void peekFindsTheAsEvenInARejectedOpen() throws BgpDecodeException {
        // hold time 1 makes decode fail, but the 4-octet AS is still found for the log line
        String hex = open("04 5BA0 0001 7F000001 08 0206 4104000186A0");
        assertError(hex, OpenMessage::decode, 2, 6, ErrorAction.SESSION_RESET);
        assertEquals(OptionalLong.of(100_000), peek(hex));
        assertEquals(OptionalLong.empty(), peek(open("04 FDE9 00B4 7F000001 00")));
        assertEquals(OptionalLong.empty(), peek(header(19, 1)));
        assertEquals(OptionalLong.of(65550), peek(open("04 5BA0 00B4 7F000001 FF FF 0009 02 0006 41040001000E")));
    }

    private static OptionalLong peek(String hex) throws BgpDecodeException {
        return decode(hex, OpenMessage::peekFourOctetAs);
    }
}
