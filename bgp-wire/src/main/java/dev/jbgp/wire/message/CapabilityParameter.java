package dev.jbgp.wire.message;

import dev.jbgp.wire.capability.Capability;

import java.util.List;

/**
 * One Capabilities optional parameter (type 2, RFC 5492 §4) of an OPEN. A speaker may put all its
 * capabilities in one parameter or one capability in each; both are common, so the OPEN keeps the
 * grouping it received and re-encodes it unchanged.
 *
 * @param capabilities the capabilities in wire order (may be empty)
 */
public record CapabilityParameter(List<Capability> capabilities) {

    /** The parameter type of a Capabilities optional parameter. */
    public static final int TYPE = 2;

    public CapabilityParameter {
        capabilities = List.copyOf(capabilities);
    }

    /** A parameter holding these capabilities. */
    public static CapabilityParameter of(Capability... capabilities) {
        return new CapabilityParameter(List.of(capabilities));
    }

    /** Octets of the parameter value (the capabilities, without the parameter's own type and length). */
    public int valueLength() {
        int n = 0;
        for (Capability c : capabilities) {
            n += c.encodedLength();
        }
        return n;
    }

    @Override
    public String toString() {
        return "capabilities" + capabilities;
    }
}
