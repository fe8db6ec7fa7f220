package dev.jbgp.rib;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Shared test helpers: loopback-only peers (127.0.0.0/8), attribute shorthands, a recording listener. */
final class Fixtures {

    static final long LOCAL_AS = 65000;
    static final int ROUTER_ID = ip4("127.0.0.1");

    private Fixtures() {
    }

    static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static int ip4(String text) {
        byte[] b = addr(text).getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static Prefix prefix(String text) {
        return Prefix.parse(text);
    }

    /** An eBGP peer at 127.0.0.{n} in {@code asn}, BGP id 127.1.0.{n}. */
    static PeerId ebgp(int n, long asn) {
        return PeerId.external(addr("127.0.0." + n), asn, ip4("127.1.0." + n));
    }

    /** An iBGP peer at 127.0.0.{n}, BGP id 127.1.0.{n}. */
    static PeerId ibgp(int n, boolean rrClient) {
        return PeerId.internal(addr("127.0.0." + n), LOCAL_AS, ip4("127.1.0." + n), rrClient);
    }

    static PathAttributes.Builder attrs(String nextHop, long... asPath) {
        return PathAttributes.builder().nextHop(addr(nextHop)).asSequence(asPath);
    }

    static DecisionOptions.Builder options() {
        return DecisionOptions.builder(LOCAL_AS);
    }

    static RibConfig.Builder config() {
        return RibConfig.builder(LOCAL_AS, ROUTER_ID);
    }

    /** Settings that accept everything both ways (explicit policies, so RFC 8212 is satisfied). */
    static PeerSettings open(String localAddress) {
        return PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll())
                .localAddress(addr(localAddress)).build();
    }

    /** Records every event as a line, in order. */
    static final class Recorder implements RibListener {
        final List<LocRibChange> loc = new ArrayList<>();
        final List<AdjRibOutChange> out = new ArrayList<>();
        final List<String> all = new ArrayList<>();

        @Override
        public void locRibChanged(LocRibChange change) {
            loc.add(change);
            all.add("loc " + change.prefix() + " " + change.best().map(r -> r.peer().address().getHostAddress()).orElse("-")
                    + " mp=" + change.multipath().size());
        }

        @Override
        public void adjRibOutChanged(AdjRibOutChange change) {
            out.add(change);
            all.add("out " + change.peer().address().getHostAddress() + " " + change.prefix() + " "
                    + (change.current().isPresent() ? "announce" : "withdraw"));
        }
    }
}
