package dev.jbgp.wire.message;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static dev.jbgp.wire.WireTestSupport.assertError;
import static dev.jbgp.wire.WireTestSupport.bytes;
import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static dev.jbgp.wire.WireTestSupport.header;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOTIFICATION (RFC 4271 §4.5), shutdown communication (RFC 9003) and hard reset (RFC 8538). */
class NotificationMessageTest {

    private static String notification(String body) {
        String b = body.replace(" ", "");
        return header(19 + b.length() / 2, 3) + b;
    }

    private static void roundTrip(String hex, NotificationMessage expected, String text) throws BgpDecodeException {
        NotificationMessage decoded = decode(hex, NotificationMessage::decode);
        assertEquals(expected, decoded);
        assertEquals(expected.hashCode(), decoded.hashCode());
        assertEquals(hex, encode(expected::encode));
        assertEquals(hex.length() / 2, expected.encodedLength());
        assertEquals(text, decoded.toString());
    }

    @Test
    void holdTimerExpiredHasNoSubcode() throws BgpDecodeException {
        roundTrip(notification("04 00"), NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, 0),
                "NOTIFICATION{Hold Timer Expired (4/0)}");
    }

    @Test
    void badMessageLengthWithData() throws BgpDecodeException {
        roundTrip(notification("01 02 1001"), NotificationMessage.of(ErrorCode.MESSAGE_HEADER_ERROR, 2, new byte[] {0x10, 0x01}),
                "NOTIFICATION{Message Header Error / Bad Message Length (1/2), data=1001}");
    }

    @Test
    void shutdownCommunication() throws BgpDecodeException {
        // Cease / Administrative Shutdown, 1-octet length 12, "maintenance!" in UTF-8
        String text = "maintenance!";
        String hex = notification("06 02 0C " + hex(text.getBytes(StandardCharsets.UTF_8)));
        NotificationMessage expected = NotificationMessage.cease(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, text);
        roundTrip(hex, expected, "NOTIFICATION{Cease / Administrative Shutdown (6/2), communication=\"maintenance!\"}");
        assertEquals(Optional.of(text), expected.shutdownCommunication());
        // multi-octet UTF-8 and Administrative Reset
        NotificationMessage reset = NotificationMessage.cease(Subcodes.Cease.ADMINISTRATIVE_RESET, "Wartung — bis später");
        NotificationMessage back = decode(encode(reset::encode), NotificationMessage::decode);
        assertEquals(Optional.of("Wartung — bis später"), back.shutdownCommunication());
        // 255 octets is the limit
        assertEquals(255, NotificationMessage.cease(2, "x".repeat(255)).shutdownCommunication().orElseThrow().length());
        assertThrows(IllegalArgumentException.class, () -> NotificationMessage.cease(2, "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> NotificationMessage.cease(3, "x"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "06 02 05 4142, length runs past the data",
            "06 02 02 C328, invalid UTF-8",
            "06 02 00, empty communication",
            "06 02, no data at all",
            "06 03 03 414243, subcode 3 carries no communication"
    })
    void brokenCommunicationIsKeptRawAndNeverThrows(String body, String what) throws BgpDecodeException {
        NotificationMessage n = decode(notification(body), NotificationMessage::decode);
        assertEquals(Optional.empty(), n.shutdownCommunication());
        String compact = body.replace(" ", "");
        assertEquals(compact.substring(4), hex(n.data()));
        assertEquals(notification(body), encode(n::encode), "raw data re-encodes unchanged");
    }

    @Test
    void unknownCodesAreKeptAsNumbers() throws BgpDecodeException {
        roundTrip(notification("09 07 AA"), NotificationMessage.of(9, 7, new byte[] {(byte) 0xAA}),
                "NOTIFICATION{Error code 9 / subcode 7 (9/7), data=aa}");
        NotificationMessage n = NotificationMessage.of(6, 42, new byte[0]);
        assertEquals("Cease / subcode 42", n.describe());
        assertTrue(n.errorCode().isPresent());
        assertTrue(NotificationMessage.of(200, 0, new byte[0]).errorCode().isEmpty());
    }

    @ParameterizedTest(name = "{0}/{1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "1|1|Message Header Error / Connection Not Synchronized",
            "1|3|Message Header Error / Bad Message Type",
            "2|1|OPEN Message Error / Unsupported Version Number",
            "2|2|OPEN Message Error / Bad Peer AS",
            "2|3|OPEN Message Error / Bad BGP Identifier",
            "2|4|OPEN Message Error / Unsupported Optional Parameter",
            "2|6|OPEN Message Error / Unacceptable Hold Time",
            "2|7|OPEN Message Error / Unsupported Capability",
            "2|11|OPEN Message Error / Role Mismatch",
            "3|1|UPDATE Message Error / Malformed Attribute List",
            "3|11|UPDATE Message Error / Malformed AS_PATH",
            "5|2|Finite State Machine Error / Receive Unexpected Message in OpenConfirm State",
            "6|1|Cease / Maximum Number of Prefixes Reached",
            "6|2|Cease / Administrative Shutdown",
            "6|7|Cease / Connection Collision Resolution",
            "6|9|Cease / Hard Reset",
            "6|10|Cease / BFD Down",
            "7|1|ROUTE-REFRESH Message Error / Invalid Message Length",
            "8|0|Send Hold Timer Expired",
            "4|5|Hold Timer Expired / subcode 5"
    })
    void namesCodeAndSubcode(int code, int subcode, String expected) {
        assertEquals(expected, NotificationMessage.describe(code, subcode));
    }

    /** Every subcode constant in {@link Subcodes} has a name, so no NOTIFICATION we send logs as a number. */
    @Test
    void everySubcodeConstantIsNamed() throws IllegalAccessException {
        int[][] families = {{1}, {2}, {3}, {5}, {6}, {7}};
        Class<?>[] classes = {Subcodes.Header.class, Subcodes.Open.class, Subcodes.Update.class, Subcodes.Fsm.class,
                Subcodes.Cease.class, Subcodes.RouteRefresh.class};
        int checked = 0;
        for (int i = 0; i < classes.length; i++) {
            for (java.lang.reflect.Field f : classes[i].getFields()) {
                int value = f.getInt(null);
                String name = NotificationMessage.subcodeName(families[i][0], value);
                assertFalse(name.startsWith("subcode "), () -> f + " has no name");
                assertFalse(name.isEmpty(), () -> f + " has no name");
                checked++;
            }
        }
        assertTrue(checked >= 35, "constants checked: " + checked);
    }

    @Test
    void hardResetNamesItsCause() throws BgpDecodeException {
        // RFC 8538 §3: Cease / Hard Reset whose data is Cease / Administrative Reset
        String hex = notification("06 09 06 04");
        NotificationMessage expected = NotificationMessage.hardReset(NotificationMessage.of(ErrorCode.CEASE, 4));
        roundTrip(hex, expected, "NOTIFICATION{Cease / Hard Reset (Cease / Administrative Reset) (6/9), data=0604}");
    }

    @Test
    void fromDecodeException() {
        BgpDecodeException e = BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR,
                Subcodes.Header.BAD_MESSAGE_TYPE, new byte[] {9}, "type 9");
        NotificationMessage n = NotificationMessage.from(e);
        assertEquals(1, n.code());
        assertEquals(3, n.subcode());
        assertArrayEquals(new byte[] {9}, n.data());
        assertEquals(notification("01 03 09"), encode(n::encode));
    }

    @Test
    void tooShortOrWrongHeader() {
        var e = assertError(header(20, 3) + "06", NotificationMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
        assertEquals("0014", hex(e.data()));
        assertError(header(19, 3), NotificationMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
        assertError(header(21, 4) + "0600", NotificationMessage::decode, 1, 2, ErrorAction.SESSION_RESET);
    }

    @Test
    void dataIsCopiedBothWays() {
        byte[] data = bytes("0102");
        NotificationMessage n = NotificationMessage.of(1, 2, data);
        data[0] = 9;
        n.data()[1] = 9;
        assertEquals("0102", hex(n.data()));
    }
}
