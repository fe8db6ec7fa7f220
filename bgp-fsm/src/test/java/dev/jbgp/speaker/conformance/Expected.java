package dev.jbgp.speaker.conformance;

import java.util.Optional;

/**
 * What the speaker must do with one case, as a session sees it: the RFC 7606 action (or accepting the
 * input), and for a session reset the NOTIFICATION (code, subcode, and data where RFC 4271 §6 / RFC 7606
 * define it). {@code note} says where we deliberately differ from the vector's source, and why.
 */
record Expected(Outcome outcome, int code, int subcode, Optional<byte[]> data, String note) {

    /** The actions of RFC 7606 §2, plus accepting the input unchanged. */
    enum Outcome {
        /** Accepted; nothing dropped. */
        OK,
        /** RFC 7606 §2 attribute discard: the route is kept without the attribute. */
        DISCARD,
        /** RFC 7606 §2 treat-as-withdraw: the UPDATE's prefixes are withdrawn, the session stays. */
        WITHDRAW,
        /** RFC 4271 §6 / RFC 7606 §2 session reset: NOTIFICATION, then the connection closes. */
        SESSION_RESET;

        /** From the vector files' words ("ok", "parses", "discard", "withdraw", "session-reset", ...). */
        static Outcome of(String word) {
            switch (word) {
                case "ok":
                case "parses":
                    return OK;
                case "discard":
                    return DISCARD;
                case "withdraw":
                case "treat-as-withdraw":
                    return WITHDRAW;
                case "session-reset":
                    return SESSION_RESET;
                default:
                    throw new IllegalArgumentException("unknown outcome " + word);
            }
        }
    }

    static Expected of(Outcome outcome, String note) {
        return new Expected(outcome, -1, -1, Optional.empty(), note);
    }

    static Expected reset(int code, int subcode, String note) {
        return new Expected(Outcome.SESSION_RESET, code, subcode, Optional.empty(), note);
    }

    static Expected reset(int code, int subcode, byte[] data, String note) {
        return new Expected(Outcome.SESSION_RESET, code, subcode, Optional.of(data), note);
    }

    @Override
    public String toString() {
        String s = outcome.name().toLowerCase().replace('_', '-');
        if (outcome == Outcome.SESSION_RESET) {
            s += " " + code + "/" + subcode;
        }
        return note.isEmpty() ? s : s + " [" + note + "]";
    }
}
