package dev.jbgp.rib;

import dev.jbgp.rib.policy.PrefixList;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The RFC 4271 §9.1.3 / §5 and RFC 4456 rules that turn a Loc-RIB best route into what one update
 * group is sent, with the export policy applied between the mandatory rewrites and the final AS
 * prepend. Stateless.
 */
final class ExportRules {

    private ExportRules() {
    }

    /** The attributes to announce (not interned), or null when the route is not announced to this group. */
    static PathAttributes export(RibConfig config, Route best, Prefix prefix, ExportKey k) {
        PeerId source = best.peer();
        PathAttributes a = best.attributes();
        boolean reflect = false;
        if (k.internal()) {
            if (source.isInternal() && !source.isLocal()) {
                // RFC 4271 §9.2: iBGP-learned routes are not sent to iBGP peers ...
                if (config.clusterId().isEmpty()) {
                    return null;
                }
                // ... unless we reflect them (RFC 4456 §6): from a client to everyone, from a
                // non-client only to clients.
                if (!source.isRouteReflectorClient() && !k.routeReflectorClient()) {
                    return null;
                }
                reflect = true;
            }
        } else {
            if (config.rfc8212() && k.exportPolicy().isEmpty()) {
                return null; // RFC 8212 §2: no export policy, nothing announced to eBGP.
            }
            if (a.containsAs(k.peerAs())) {
                return null; // the receiver would drop it as a loop (RFC 4271 §9); don't send it.
            }
        }
        PathAttributes.Builder b = a.toBuilder().weight(0);
        Optional<InetAddress> local = k.localAddress();
        if (k.internal()) {
            if (!a.hasLocalPref()) {
                // RFC 4271 §5.1.5: LOCAL_PREF is included in every UPDATE to an internal peer.
                b.localPref(config.decision().defaultLocalPref());
            }
            if (reflect) {
                // RFC 4456 §8: record the originator and our cluster.
                if (!a.hasOriginatorId()) {
                    b.originatorId(source.bgpId());
                }
                b.prependClusterId(config.clusterId().get());
            }
            boolean self = k.nextHopMode() == NextHopMode.SELF
                    || k.nextHopMode() == NextHopMode.AUTO && a.nextHop().isEmpty();
            if (self) {
                if (local.isEmpty()) {
                    return null;
                }
                b.nextHop(local.get());
            }
        } else {
            // RFC 4271 §5.1.5 / RFC 4456 §8: LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST stay inside the AS.
            b.clearLocalPref().clearOriginatorId().clusterList();
            if (!source.isLocal()) {
                // RFC 4271 §5.1.4: a MED received from a neighbouring AS is not passed to other ASes.
                b.clearMed();
            }
            boolean self;
            switch (k.nextHopMode()) {
                case UNCHANGED:
                    self = a.nextHop().isEmpty();
                    break;
                case SELF:
                    self = true;
                    break;
                default:
                    // RFC 4271 §5.1.3 (2): a next hop on the shared subnet is passed on (third party).
                    self = a.nextHop().isEmpty() || k.sharedSubnet().isEmpty()
                            || !inSubnet(a.nextHop().get(), k.sharedSubnet().get());
            }
            if (self) {
                if (local.isEmpty()) {
                    return null;
                }
                b.nextHop(local.get());
            }
        }
        PathAttributes out = b.build();
        if (k.exportPolicy().isPresent()) {
            Optional<PathAttributes> r = k.exportPolicy().get().apply(prefix, out, source, config.localAs());
            if (r.isEmpty()) {
                return null;
            }
            out = r.get();
        }
        if (!k.internal()) {
            // RFC 4271 §5.1.2: prepend our AS last, after any policy prepends. And §5.1.5: LOCAL_PREF
            // MUST NOT go to an external peer, so one an export policy set is dropped again here.
            out = out.toBuilder().clearLocalPref().prepend(config.localAs(), 1).build();
        }
        return out;
    }

    private static boolean inSubnet(InetAddress address, Prefix subnet) {
        byte[] a = address.getAddress();
        Prefix host;
        if (a.length == 4) {
            host = Ipv4Prefix.of((a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | (a[3] & 0xFF), 32);
        } else {
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = high << 8 | (a[i] & 0xFF);
                low = low << 8 | (a[8 + i] & 0xFF);
            }
            host = Ipv6Prefix.of(high, low, 128);
        }
        int bits = a.length * 8;
        return subnet.afi() == host.afi() && new PrefixList.Entry(subnet, subnet.length(), bits).matches(host);
    }
}
