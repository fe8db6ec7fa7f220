package dev.jbgp.rib;

import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import java.util.Optional;

/**
 * What applying one UPDATE did: how many prefixes were announced and withdrawn, whether it was an
 * End-of-RIB marker, and the RFC 7606 action that was honoured (empty for a clean UPDATE). For
 * {@link ErrorAction#SESSION_RESET} nothing was applied: the caller sends the NOTIFICATION and ends
 * the session. Immutable.
 */
public record UpdateOutcome(int announced, int withdrawn, Optional<AddressFamily> endOfRib,
                            Optional<ErrorAction> action) {
}
