package dev.jbgp.wire.iana;

/**
 * Capability codes, from the IANA registry
 * <a href="https://www.iana.org/assignments/capability-codes/">Capability Codes</a>. Open space:
 * unknown capabilities survive as code + bytes.
 */
public final class CapabilityCode {

    private CapabilityCode() {
    }

    public static final int MULTIPROTOCOL = 1;
    public static final int ROUTE_REFRESH = 2;
    public static final int EXTENDED_NEXT_HOP = 5;
    public static final int EXTENDED_MESSAGE = 6;
    public static final int ROLE = 9;
    public static final int GRACEFUL_RESTART = 64;
    public static final int FOUR_OCTET_AS = 65;
    public static final int ADD_PATH = 69;
    public static final int ENHANCED_ROUTE_REFRESH = 70;
    public static final int LONG_LIVED_GRACEFUL_RESTART = 71;
    public static final int FQDN = 73;
    public static final int SOFTWARE_VERSION = 75;
    /** Cisco's pre-standard route refresh code, still sent by many routers. */
    public static final int ROUTE_REFRESH_CISCO = 128;

    /** A readable name or {@code "capability-N"}. */
    public static String name(int code) {
        switch (code) {
            case MULTIPROTOCOL: return "multiprotocol";
            case ROUTE_REFRESH: return "route-refresh";
            case EXTENDED_NEXT_HOP: return "extended-next-hop";
            case EXTENDED_MESSAGE: return "extended-message";
            case ROLE: return "role";
            case GRACEFUL_RESTART: return "graceful-restart";
            case FOUR_OCTET_AS: return "4-octet-as";
            case ADD_PATH: return "add-path";
            case ENHANCED_ROUTE_REFRESH: return "enhanced-route-refresh";
            case LONG_LIVED_GRACEFUL_RESTART: return "long-lived-graceful-restart";
            case FQDN: return "fqdn";
            case SOFTWARE_VERSION: return "software-version";
            case ROUTE_REFRESH_CISCO: return "route-refresh-cisco";
            default: return "capability-" + code;
        }
    }
}
