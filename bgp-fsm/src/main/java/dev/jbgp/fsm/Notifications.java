package dev.jbgp.fsm;

import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The NOTIFICATIONs the state machine builds itself, and the one test on received ones it needs. */
public final class Notifications {

    private Notifications() {
    }

    /**
     * Cease / Administrative Shutdown with an optional RFC 8203 shutdown communication. Unlike
     * {@link NotificationMessage#cease(int, String)} a message longer than 255 octets of UTF-8 is cut
     * at a character boundary rather than refused: an operator's stop must always go out.
     */
    public static NotificationMessage administrativeShutdown(Optional<String> message) {
        if (message.isEmpty() || message.get().isEmpty()) {
            return NotificationMessage.of(ErrorCode.CEASE, Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN);
        }
        return NotificationMessage.cease(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, truncate(message.get()));
    }

    /** Cease with this subcode (RFC 4486) and no data. */
    public static NotificationMessage cease(int subcode) {
        return NotificationMessage.of(ErrorCode.CEASE, subcode);
    }

    /** Whether a received NOTIFICATION is the version error that makes Event 24 (RFC 4271 §8.1.5). */
    public static boolean isVersionError(NotificationMessage n) {
        return n.code() == ErrorCode.OPEN_MESSAGE_ERROR.value() && n.subcode() == Subcodes.Open.UNSUPPORTED_VERSION_NUMBER;
    }

    static String truncate(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= NotificationMessage.MAX_SHUTDOWN_COMMUNICATION) {
            return text;
        }
        int length = NotificationMessage.MAX_SHUTDOWN_COMMUNICATION;
        // Back off over UTF-8 continuation octets (10xxxxxx) so no character is split.
        while (length > 0 && (utf8[length] & 0xC0) == 0x80) {
            length--;
        }
        return new String(utf8, 0, length, StandardCharsets.UTF_8);
    }
}
