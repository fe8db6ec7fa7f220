package dev.jbgp.wire.capability;

import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

/**
 * Route Refresh capability (RFC 2918 §2), under its standard code 2 or Cisco's pre-standard code 128
 * that many routers still send beside it. No value; octets a peer puts there are ignored.
 *
 * @param code {@link CapabilityCode#ROUTE_REFRESH} or {@link CapabilityCode#ROUTE_REFRESH_CISCO}
 */
public record RouteRefresh(int code) implements Capability {

    /** Code 2, RFC 2918. */
    public static final RouteRefresh STANDARD = new RouteRefresh(CapabilityCode.ROUTE_REFRESH);
    /** Code 128, the pre-standard form. */
    public static final RouteRefresh CISCO = new RouteRefresh(CapabilityCode.ROUTE_REFRESH_CISCO);

    public RouteRefresh {
        if (code != CapabilityCode.ROUTE_REFRESH && code != CapabilityCode.ROUTE_REFRESH_CISCO) {
            throw new IllegalArgumentException("route refresh code must be 2 or 128, got " + code);
        }
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(code);
        out.writeByte(0);
    }

    @Override
    public int encodedLength() {
        return 2;
    }

    @Override
    public String toString() {
        return code == CapabilityCode.ROUTE_REFRESH ? "route-refresh" : "route-refresh(cisco 128)";
    }
}
