package dev.jbgp.wire.mrt;

/**
 * MRT type and subtype codes, from the IANA registry
 * <a href="https://www.iana.org/assignments/mrt/">Multi-Threaded Routing Toolkit (MRT)</a>
 * (RFC 6396 §4, RFC 8050 §4 for the ADD-PATH subtypes). Only the codes this reader understands are
 * named; every other code is skipped and counted by {@link MrtReader}.
 */
public final class MrtTypes {

    private MrtTypes() {
    }

    /** TABLE_DUMP, the original RIB dump format (RFC 6396 §4.2); subtypes are AFIs. */
    public static final int TABLE_DUMP = 12;
    /** TABLE_DUMP_V2 (RFC 6396 §4.3). */
    public static final int TABLE_DUMP_V2 = 13;
    /** BGP4MP (RFC 6396 §4.4). */
    public static final int BGP4MP = 16;
    /** BGP4MP_ET: BGP4MP with a microsecond timestamp (RFC 6396 §3, §4.4). */
    public static final int BGP4MP_ET = 17;

    /** TABLE_DUMP subtypes (RFC 6396 §4.2): the AFI of the prefix and peer address. */
    public static final class TableDump {
        private TableDump() {
        }

        public static final int AFI_IPV4 = 1;
        public static final int AFI_IPV6 = 2;
    }

    /** TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §4.1). */
    public static final class TableDumpV2 {
        private TableDumpV2() {
        }

        public static final int PEER_INDEX_TABLE = 1;
        public static final int RIB_IPV4_UNICAST = 2;
        public static final int RIB_IPV4_MULTICAST = 3;
        public static final int RIB_IPV6_UNICAST = 4;
        public static final int RIB_IPV6_MULTICAST = 5;
        public static final int RIB_GENERIC = 6;
        public static final int RIB_IPV4_UNICAST_ADDPATH = 8;
        public static final int RIB_IPV4_MULTICAST_ADDPATH = 9;
        public static final int RIB_IPV6_UNICAST_ADDPATH = 10;
        public static final int RIB_IPV6_MULTICAST_ADDPATH = 11;
        public static final int RIB_GENERIC_ADDPATH = 12;
    }

    /** BGP4MP and BGP4MP_ET subtypes (RFC 6396 §4.4, RFC 8050 §4.2). */
    public static final class Bgp4mp {
        private Bgp4mp() {
        }

        public static final int STATE_CHANGE = 0;
        public static final int MESSAGE = 1;
        public static final int MESSAGE_AS4 = 4;
        public static final int STATE_CHANGE_AS4 = 5;
        public static final int MESSAGE_LOCAL = 6;
        public static final int MESSAGE_AS4_LOCAL = 7;
        public static final int MESSAGE_ADDPATH = 8;
        public static final int MESSAGE_AS4_ADDPATH = 9;
        public static final int MESSAGE_LOCAL_ADDPATH = 10;
        public static final int MESSAGE_AS4_LOCAL_ADDPATH = 11;
    }
}
