package dev.jbgp.wire.error;

/**
 * The NOTIFICATION error subcodes of each error code, as wire values with their RFC names
 * (IANA registries under "BGP Error Subcodes"). Plain {@code int} constants because the subcode
 * space is open: a received subcode that is not listed still round-trips.
 */
public final class Subcodes {

    private Subcodes() {
    }

    /** Subcode 0 for codes that have none, or "unspecific" (RFC 4493 errata, RFC 7313). */
    public static final int UNSPECIFIC = 0;

    /** Message Header Error subcodes (RFC 4271 §6.1). */
    public static final class Header {
        private Header() {
        }

        public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
        public static final int BAD_MESSAGE_LENGTH = 2;
        public static final int BAD_MESSAGE_TYPE = 3;
    }

    /** OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5, RFC 9234). */
    public static final class Open {
        private Open() {
        }

        public static final int UNSUPPORTED_VERSION_NUMBER = 1;
        public static final int BAD_PEER_AS = 2;
        public static final int BAD_BGP_IDENTIFIER = 3;
        public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
        /** Deprecated by RFC 4271 (was Authentication Failure). */
        public static final int DEPRECATED_5 = 5;
        public static final int UNACCEPTABLE_HOLD_TIME = 6;
        public static final int UNSUPPORTED_CAPABILITY = 7;
        public static final int ROLE_MISMATCH = 11;
    }

    /** UPDATE Message Error subcodes (RFC 4271 §6.3). */
    public static final class Update {
        private Update() {
        }

        public static final int MALFORMED_ATTRIBUTE_LIST = 1;
        public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
        public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
        public static final int ATTRIBUTE_FLAGS_ERROR = 4;
        public static final int ATTRIBUTE_LENGTH_ERROR = 5;
        public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
        /** Deprecated by RFC 4271 (was AS Routing Loop). */
        public static final int DEPRECATED_7 = 7;
        public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
        public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
        public static final int INVALID_NETWORK_FIELD = 10;
        public static final int MALFORMED_AS_PATH = 11;
    }

    /** Finite State Machine Error subcodes (RFC 6608). */
    public static final class Fsm {
        private Fsm() {
        }

        public static final int UNEXPECTED_MESSAGE_IN_OPENSENT = 1;
        public static final int UNEXPECTED_MESSAGE_IN_OPENCONFIRM = 2;
        public static final int UNEXPECTED_MESSAGE_IN_ESTABLISHED = 3;
    }

    /** Cease subcodes (RFC 4486, RFC 8203 / 9003, RFC 8538). */
    public static final class Cease {
        private Cease() {
        }

        public static final int MAXIMUM_NUMBER_OF_PREFIXES_REACHED = 1;
        public static final int ADMINISTRATIVE_SHUTDOWN = 2;
        public static final int PEER_DECONFIGURED = 3;
        public static final int ADMINISTRATIVE_RESET = 4;
        public static final int CONNECTION_REJECTED = 5;
        public static final int OTHER_CONFIGURATION_CHANGE = 6;
        public static final int CONNECTION_COLLISION_RESOLUTION = 7;
        public static final int OUT_OF_RESOURCES = 8;
        /** RFC 8538: the NOTIFICATION does not end graceful restart. */
        public static final int HARD_RESET = 9;
        public static final int BFD_DOWN = 10;
    }

    /** ROUTE-REFRESH Message Error subcodes (RFC 7313 §5). */
    public static final class RouteRefresh {
        private RouteRefresh() {
        }

        public static final int INVALID_MESSAGE_LENGTH = 1;
    }
}
