package dev.jbgp.fsm;

import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;

/** Readable names of NOTIFICATION subcodes, for logs and {@link Notification#describe()}. */
final class NotificationNames {

    private NotificationNames() {
    }

    static String subcode(int code, int subcode) {
        ErrorCode c = ErrorCode.fromValue(code);
        if (c == null) {
            return String.valueOf(subcode);
        }
        switch (c) {
            case MESSAGE_HEADER_ERROR:
                return pick(subcode, "unspecific", "connection-not-synchronized", "bad-message-length", "bad-message-type");
            case OPEN_MESSAGE_ERROR:
                if (subcode == Subcodes.Open.ROLE_MISMATCH) {
                    return "role-mismatch";
                }
                return pick(subcode, "unspecific", "unsupported-version-number", "bad-peer-as", "bad-bgp-identifier",
                        "unsupported-optional-parameter", "deprecated-5", "unacceptable-hold-time", "unsupported-capability");
            case UPDATE_MESSAGE_ERROR:
                return pick(subcode, "unspecific", "malformed-attribute-list", "unrecognized-well-known-attribute",
                        "missing-well-known-attribute", "attribute-flags-error", "attribute-length-error",
                        "invalid-origin-attribute", "deprecated-7", "invalid-next-hop-attribute",
                        "optional-attribute-error", "invalid-network-field", "malformed-as-path");
            case FINITE_STATE_MACHINE_ERROR:
                return pick(subcode, "unspecific", "unexpected-message-in-opensent", "unexpected-message-in-openconfirm",
                        "unexpected-message-in-established");
            case CEASE:
                return pick(subcode, "unspecific", "maximum-number-of-prefixes-reached", "administrative-shutdown",
                        "peer-de-configured", "administrative-reset", "connection-rejected",
                        "other-configuration-change", "connection-collision-resolution", "out-of-resources",
                        "hard-reset", "bfd-down");
            case ROUTE_REFRESH_MESSAGE_ERROR:
                return pick(subcode, "unspecific", "invalid-message-length");
            default:
                return String.valueOf(subcode);
        }
    }

    private static String pick(int subcode, String... names) {
        return subcode >= 0 && subcode < names.length ? names[subcode] : String.valueOf(subcode);
    }
}
