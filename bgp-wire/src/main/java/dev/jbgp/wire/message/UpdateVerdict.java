package dev.jbgp.wire.message;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@link UpdateValidator} concluded about one UPDATE (RFC 7606 §2): nothing wrong, or the
 * strongest action of everything found, with the error (and so the NOTIFICATION) that set it, and the
 * attribute types to drop when the action is attribute discard. Immutable. {@link #OK} is shared.
 */
public final class UpdateVerdict {

    /** No error: use the UPDATE as it is. */
    public static final UpdateVerdict OK = new UpdateVerdict(null, List.of(), new int[0]);

    private final BgpDecodeException error;
    private final List<BgpDecodeException> all;
    private final int[] discarded;

    private UpdateVerdict(BgpDecodeException error, List<BgpDecodeException> all, int[] discarded) {
        this.error = error;
        this.all = all;
        this.discarded = discarded;
    }

    static UpdateVerdict of(BgpDecodeException strongest, List<BgpDecodeException> all, int[] discarded) {
        return new UpdateVerdict(strongest, List.copyOf(all), discarded.clone());
    }

    /** Whether nothing was wrong. */
    public boolean isOk() {
        return error == null;
    }

    /** The action to take; empty when nothing was wrong. */
    public Optional<ErrorAction> action() {
        return error == null ? Optional.empty() : Optional.of(error.action());
    }

    /** Whether the session must be reset (send {@link #error()}'s NOTIFICATION and close). */
    public boolean isSessionReset() {
        return error != null && error.action() == ErrorAction.SESSION_RESET;
    }

    /** Whether every prefix of the UPDATE must be withdrawn instead of announced. */
    public boolean isTreatAsWithdraw() {
        return error != null && error.action() == ErrorAction.TREAT_AS_WITHDRAW;
    }

    /**
     * The first error found with the strongest action: its code, subcode and data are the
     * NOTIFICATION to send on session reset (and to log otherwise).
     */
    public Optional<BgpDecodeException> error() {
        return Optional.ofNullable(error);
    }

    /** Every error found, in message order. */
    public List<BgpDecodeException> errors() {
        return all;
    }

    /** The attribute types to discard (RFC 7606 §2 "attribute discard"), ascending, no duplicates. */
    public int[] discardedAttributes() {
        return discarded.clone();
    }

    /** Whether attribute {@code type} is to be discarded. */
    public boolean isDiscarded(int type) {
        return Arrays.binarySearch(discarded, type) >= 0;
    }

    @Override
    public String toString() {
        return error == null ? "UpdateVerdict{OK}" : "UpdateVerdict{" + error.action() + ", " + error
                + (discarded.length > 0 ? ", discard=" + Arrays.toString(discarded) : "") + "}";
    }
}
