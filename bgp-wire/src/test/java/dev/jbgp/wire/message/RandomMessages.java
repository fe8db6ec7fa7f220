package dev.jbgp.wire.message;

import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.EnhancedRouteRefresh;
import dev.jbgp.wire.capability.ExtendedMessage;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.Fqdn;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.LongLivedGracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.Role;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.capability.UnknownCapability;
import dev.jbgp.wire.iana.AddressFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generators of valid messages for the property tests. */
final class RandomMessages {

    private RandomMessages() {
    }

    static AddressFamily family(Random r) {
        return r.nextInt(4) == 0 ? AddressFamily.of(r.nextInt(65536), r.nextInt(256))
                : r.nextBoolean() ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    }

    static String name(Random r, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    static Capability capability(Random r) {
        switch (r.nextInt(12)) {
            case 0: return new Multiprotocol(family(r));
            case 1: return r.nextBoolean() ? RouteRefresh.STANDARD : RouteRefresh.CISCO;
            case 2: return EnhancedRouteRefresh.INSTANCE;
            case 3: return new FourOctetAs(r.nextLong() & 0xFFFF_FFFFL | 1);
            case 4: {
                List<GracefulRestart.Family> fs = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    fs.add(new GracefulRestart.Family(family(r), r.nextInt(256)));
                }
                return new GracefulRestart(r.nextInt(16), r.nextInt(4096), fs);
            }
            case 5: {
                List<AddPath.Entry> es = new ArrayList<>();
                for (int i = 1 + r.nextInt(3); i > 0; i--) {
                    es.add(new AddPath.Entry(family(r), r.nextInt(256)));
                }
                return new AddPath(es);
            }
            case 6: return ExtendedMessage.INSTANCE;
            case 7: return new Fqdn(name(r, 60), name(r, 60));
            case 8: {
                List<LongLivedGracefulRestart.Family> fs = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    fs.add(new LongLivedGracefulRestart.Family(family(r), r.nextInt(256), r.nextInt(1 << 24)));
                }
                return new LongLivedGracefulRestart(fs);
            }
            case 9: return new Role(r.nextInt(256));
            default: {
                // an opaque code jbgp neither types nor length-checks
                int[] codes = {0, 66, 67, 72, 75, 76, 77, 131, 200, 255};
                byte[] value = new byte[r.nextInt(40)];
                r.nextBytes(value);
                return UnknownCapability.of(codes[r.nextInt(codes.length)], value);
            }
        }
    }

    static OpenMessage open(Random r) {
        List<CapabilityParameter> params = new ArrayList<>();
        // sometimes enough capabilities that only the RFC 9072 form holds them
        // (small ones, so that the OPEN stays within its 4096-octet limit)
        boolean big = r.nextInt(10) == 0;
        int count = big ? 40 + r.nextInt(40) : r.nextInt(6);
        List<Capability> current = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            current.add(big ? new Multiprotocol(family(r)) : capability(r));
            if (r.nextInt(3) == 0) {
                params.add(new CapabilityParameter(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty() || r.nextInt(5) == 0) {
            params.add(new CapabilityParameter(current));
        }
        int hold = r.nextInt(5) == 0 ? 0 : 3 + r.nextInt(65533);
        // Identifiers look like addresses; tests only ever use 127.0.0.0/8 (never 0).
        int id = 0x7F00_0000 | (r.nextInt() & 0xFF_FFFF);
        // AS 0 is refused on receipt (RFC 7607), so generate 1..65535 (and any 4-octet AS capability is non-zero).
        return new OpenMessage(4, 1 + r.nextInt(65535), hold, id, params);
    }

    static NotificationMessage notification(Random r) {
        if (r.nextInt(4) == 0) {
            int[] ceases = {2, 4};
            StringBuilder text = new StringBuilder();
            for (int i = r.nextInt(60); i > 0; i--) {
                text.appendCodePoint(r.nextInt(5) == 0 ? 0x4E00 + r.nextInt(500) : 0x20 + r.nextInt(95));
            }
            return NotificationMessage.cease(ceases[r.nextInt(2)], text.toString());
        }
        byte[] data = new byte[r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(8)];
        r.nextBytes(data);
        return NotificationMessage.of(r.nextInt(256), r.nextInt(256), data);
    }

    static RouteRefreshMessage routeRefresh(Random r) {
        int subtype = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(3);
        AddressFamily f = family(r);
        if ((subtype == 0 || subtype > 2) && r.nextInt(4) == 0) {
            byte[] orf = new byte[1 + r.nextInt(30)];
            r.nextBytes(orf);
            return RouteRefreshMessage.of(f.afi(), subtype, f.safi(), orf);
        }
        return RouteRefreshMessage.of(f.afi(), subtype, f.safi());
    }
}
