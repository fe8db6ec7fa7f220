package dev.jbgp.fsm;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOTIFICATION values and the RFC 8203 shutdown communication. */
class NotificationTest {

    @Test
    void shutdownCommunicationIsLengthThenUtf8() {
        Notification n = Notification.administrativeShutdown(Optional.of("Grüße"));
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[utf8.length + 1];
        expected[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, expected, 1, utf8.length);
        assertArrayEquals(expected, n.data());
        assertEquals(6, n.code());
        assertEquals(2, n.subcode());
        assertEquals(Optional.of("Grüße"), n.shutdownMessage());
        assertEquals("CEASE/administrative-shutdown \"Grüße\"", n.describe());
    }

    @Test
    void emptyMessageSendsNoData() {
        assertEquals(0, Notification.administrativeShutdown(Optional.empty()).data().length);
        assertEquals(0, Notification.administrativeShutdown(Optional.of("")).data().length);
    }

    @Test
    void longMessageIsCutAtACharacterBoundary() {
        String longText = "é".repeat(200); // 400 octets
        Notification n = Notification.administrativeShutdown(Optional.of(longText));
        byte[] data = n.data();
        assertEquals(254, data[0] & 0xFF, "127 two-octet characters fit in 255 octets");
        assertEquals(255, data.length);
        assertEquals(Optional.of("é".repeat(127)), n.shutdownMessage());
    }

    @Test
    void malformedShutdownDataIsNotAMessage() {
        assertEquals(Optional.empty(), Notification.ofWire(6, 2, new byte[] {5, 'a'}).shutdownMessage(), "length mismatch");
        assertEquals(Optional.empty(), Notification.ofWire(6, 2, new byte[] {1, (byte) 0xC3}).shutdownMessage(), "bad UTF-8");
        assertEquals(Optional.empty(), Notification.ofWire(6, 3, new byte[] {1, 'a'}).shutdownMessage(), "other subcode");
        assertTrue(Notification.ofWire(6, 2, new byte[] {5, 'a'}).describe().contains("data=0561"));
    }

    @Test
    void fromDecodeExceptionAndValueEquality() {
        BgpDecodeException e = BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS,
                new byte[] {1, 2}, "x");
        Notification n = Notification.of(e);
        assertEquals(Notification.ofWire(2, 2, new byte[] {1, 2}), n);
        assertEquals(Notification.ofWire(2, 2, new byte[] {1, 2}).hashCode(), n.hashCode());
        assertEquals("OPEN_MESSAGE_ERROR/bad-peer-as data=0102", n.describe());
        assertEquals("code-99/7", Notification.ofWire(99, 7, new byte[0]).describe());
    }
}
