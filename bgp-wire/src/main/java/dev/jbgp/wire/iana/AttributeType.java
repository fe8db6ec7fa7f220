package dev.jbgp.wire.iana;

/**
 * Path attribute type codes, from the IANA registry
 * <a href="https://www.iana.org/assignments/bgp-parameters/bgp-parameters.xhtml#bgp-parameters-2">
 * BGP Path Attributes</a>. The space is open: unknown types are carried as numbers and passed on
 * untouched, so these are {@code int} constants rather than an enum.
 */
public final class AttributeType {

    private AttributeType() {
    }

    public static final int ORIGIN = 1;
    public static final int AS_PATH = 2;
    public static final int NEXT_HOP = 3;
    public static final int MULTI_EXIT_DISC = 4;
    public static final int LOCAL_PREF = 5;
    public static final int ATOMIC_AGGREGATE = 6;
    public static final int AGGREGATOR = 7;
    public static final int COMMUNITIES = 8;
    public static final int ORIGINATOR_ID = 9;
    public static final int CLUSTER_LIST = 10;
    public static final int MP_REACH_NLRI = 14;
    public static final int MP_UNREACH_NLRI = 15;
    public static final int EXTENDED_COMMUNITIES = 16;
    public static final int AS4_PATH = 17;
    public static final int AS4_AGGREGATOR = 18;
    public static final int PMSI_TUNNEL = 22;
    public static final int TUNNEL_ENCAPSULATION = 23;
    public static final int AIGP = 26;
    public static final int LARGE_COMMUNITY = 32;
    public static final int BGPSEC_PATH = 33;
    public static final int ONLY_TO_CUSTOMER = 35;
    public static final int PREFIX_SID = 40;
    public static final int ATTR_SET = 128;

    /** The registry name ({@code "AS_PATH"}) or {@code "ATTR_N"} for an unknown type. */
    public static String name(int type) {
        switch (type) {
            case ORIGIN: return "ORIGIN";
            case AS_PATH: return "AS_PATH";
            case NEXT_HOP: return "NEXT_HOP";
            case MULTI_EXIT_DISC: return "MULTI_EXIT_DISC";
            case LOCAL_PREF: return "LOCAL_PREF";
            case ATOMIC_AGGREGATE: return "ATOMIC_AGGREGATE";
            case AGGREGATOR: return "AGGREGATOR";
            case COMMUNITIES: return "COMMUNITIES";
            case ORIGINATOR_ID: return "ORIGINATOR_ID";
            case CLUSTER_LIST: return "CLUSTER_LIST";
            case MP_REACH_NLRI: return "MP_REACH_NLRI";
            case MP_UNREACH_NLRI: return "MP_UNREACH_NLRI";
            case EXTENDED_COMMUNITIES: return "EXTENDED_COMMUNITIES";
            case AS4_PATH: return "AS4_PATH";
            case AS4_AGGREGATOR: return "AS4_AGGREGATOR";
            case PMSI_TUNNEL: return "PMSI_TUNNEL";
            case TUNNEL_ENCAPSULATION: return "TUNNEL_ENCAPSULATION";
            case AIGP: return "AIGP";
            case LARGE_COMMUNITY: return "LARGE_COMMUNITY";
            case BGPSEC_PATH: return "BGPsec_Path";
            case ONLY_TO_CUSTOMER: return "ONLY_TO_CUSTOMER";
            case PREFIX_SID: return "BGP_PREFIX_SID";
            case ATTR_SET: return "ATTR_SET";
            default: return "ATTR_" + type;
        }
    }
}
