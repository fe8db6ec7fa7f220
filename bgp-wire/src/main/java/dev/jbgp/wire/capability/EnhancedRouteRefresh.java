package dev.jbgp.wire.capability;

import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

/**
 * Enhanced Route Refresh capability (RFC 7313 §3.1): the speaker sends and understands the BoRR and
 * EoRR route refresh subtypes. No value.
 */
public record EnhancedRouteRefresh() implements Capability {

    /** The one value. */
    public static final EnhancedRouteRefresh INSTANCE = new EnhancedRouteRefresh();

    @Override
    public int code() {
        return CapabilityCode.ENHANCED_ROUTE_REFRESH;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.ENHANCED_ROUTE_REFRESH);
        out.writeByte(0);
    }

    @Override
    public int encodedLength() {
        return 2;
    }

    @Override
    public String toString() {
        return "enhanced-route-refresh";
    }
}
