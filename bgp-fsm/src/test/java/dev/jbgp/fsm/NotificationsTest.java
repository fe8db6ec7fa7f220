package dev.jbgp.fsm;

import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NOTIFICATIONs the state machine builds: the RFC 8203 shutdown communication above all. */
class NotificationsTest {

    @Test
    void shutdownCommunicationIsLengthThenUtf8() {
        NotificationMessage n = Notifications.administrativeShutdown(Optional.of("Grüße"));
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[utf8.length + 1];
        expected[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, expected, 1, utf8.length);
        assertArrayEquals(expected, n.data());
        assertEquals(ErrorCode.CEASE.value(), n.code());
        assertEquals(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, n.subcode());
        assertEquals(Optional.of("Grüße"), n.shutdownCommunication());
    }

    @Test
    void emptyMessageSendsNoData() {
        assertEquals(0, Notifications.administrativeShutdown(Optional.empty()).data().length);
        assertEquals(0, Notifications.administrativeShutdown(Optional.of("")).data().length);
    }

    @Test
    void longMessageIsCutAtACharacterBoundaryInsteadOfRefused() {
        String longText = "é".repeat(200); // 400 octets
        NotificationMessage n = Notifications.administrativeShutdown(Optional.of(longText));
        byte[] data = n.data();
        assertEquals(254, data[0] & 0xFF, "127 two-octet characters fit in 255 octets");
        assertEquals(255, data.length);
        assertEquals(Optional.of("é".repeat(127)), n.shutdownCommunication());
        String ascii = "x".repeat(300);
        assertEquals(Optional.of("x".repeat(255)), Notifications.administrativeShutdown(Optional.of(ascii)).shutdownCommunication());
    }

    @Test
    void versionErrorIsRecognised() {
        assertTrue(Notifications.isVersionError(NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR,
                Subcodes.Open.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4})));
        assertFalse(Notifications.isVersionError(NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR,
                Subcodes.Open.BAD_PEER_AS)));
        assertFalse(Notifications.isVersionError(NotificationMessage.of(ErrorCode.CEASE, 1)));
    }
}
