package dev.jbgp.testkit.daemon;

import java.util.Locale;

/**
 * A neighbour's session state as a daemon reports it, mapped to the RFC 4271 §8.2.2 states.
 * {@link #UNKNOWN} is for a neighbour the daemon does not know or a state word it did not explain.
 */
public enum SessionState {
    IDLE,
    CONNECT,
    ACTIVE,
    OPEN_SENT,
    OPEN_CONFIRM,
    ESTABLISHED,
    UNKNOWN;

    /**
     * Parses the state words of BIRD ({@code Established}, {@code Idle}, {@code Down}...), FRR
     * ({@code Established}, {@code Idle (Admin)}, {@code OpenSent}...) and GoBGP's numeric states
     * (1 Idle ... 6 Established). BIRD's {@code Down} (protocol disabled or stopped) is {@link #IDLE}.
     */
    public static SessionState parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        switch (s) {
            case "1": case "idle": case "down": case "start":
                return IDLE;
            case "2": case "connect":
                return CONNECT;
            case "3": case "active":
                return ACTIVE;
            case "4": case "opensent":
                return OPEN_SENT;
            case "5": case "openconfirm":
                return OPEN_CONFIRM;
            case "6": case "established":
                return ESTABLISHED;
            default:
                return UNKNOWN;
        }
    }
}
