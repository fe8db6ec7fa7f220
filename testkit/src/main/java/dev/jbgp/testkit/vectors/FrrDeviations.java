package dev.jbgp.testkit.vectors;

import java.util.Map;
import java.util.Optional;

/**
 * Where jbgp deliberately decides a case of {@code vectors/frr-rfc7606-cases.json} differently from
 * FRR, and why (the RFC section we follow). One table, read both by bgp-wire's validator tests and by
 * the session-level conformance suite in bgp-fsm, so the two can never disagree. FRR's reading is one
 * valid answer where the RFCs leave room; these are the places where we take another one.
 *
 * <p>Keys are {@code case-name/peer} with peer {@code ebgp} or {@code ibgp} (an FRR {@code ebgp-oad}
 * peer is an eBGP peer here: we have no draft-uttaro-idr-bgp-oad sessions), or {@code case-name/*}
 * for every peer type. Outcomes use the file's words: {@code ok} (accepted, nothing dropped),
 * {@code discard}, {@code withdraw}, {@code session-reset}.
 */
public final class FrrDeviations {

    /** Our outcome for a case and the reason, citing the RFC section. */
    public record Deviation(String outcome, String reason) {
    }

    private static final Map<String, Deviation> RFC7606 = Map.ofEntries(
            Map.entry("nexthop-loopback/*", new Deviation("ok",
                    "RFC 4271 §6.3 / RFC 7606 §7.3 make only a syntactically wrong NEXT_HOP an error; a loopback next"
                    + " hop is a semantic (local) check the RIB does")),
            Map.entry("originator-id-len-3/ebgp", new Deviation("withdraw",
                    "RFC 7606 §7.9: treat-as-withdraw whatever the peer type (FRR follows draft-uttaro-idr-bgp-oad)")),
            Map.entry("originator-id-len-5/ebgp", new Deviation("withdraw", "RFC 7606 §7.9")),
            Map.entry("cluster-list-len-0/ebgp", new Deviation("withdraw", "RFC 7606 §7.10")),
            Map.entry("cluster-list-len-5/ebgp", new Deviation("withdraw", "RFC 7606 §7.10")),
            Map.entry("as4path-seg-type-0/*", new Deviation("discard",
                    "RFC 6793 §6: a malformed AS4_PATH is handled by attribute discard")),
            Map.entry("pmsi-type-8/*", new Deviation("ok",
                    "RFC 6514 does not make an unknown tunnel type an error; we do not interpret PMSI")),
            Map.entry("pmsi-type-255/*", new Deviation("ok", "as pmsi-type-8")),
            Map.entry("pmsi-ingress-repl-len-10/*", new Deviation("ok", "as pmsi-type-8")),
            Map.entry("otc-value-0/*", new Deviation("ok", "RFC 9234 §5 only makes a length other than 4 malformed")),
            Map.entry("nhc-bad-afi-safi/*", new Deviation("ok",
                    "type 39 is not interpreted here: an unrecognised optional transitive attribute is accepted and"
                    + " passed on (RFC 4271 §5); the route is accepted in both")),
            Map.entry("nhc-tlv-overrun/*", new Deviation("ok", "as nhc-bad-afi-safi")),
            Map.entry("unknown-fd-nontransitive/*", new Deviation("ok",
                    "RFC 4271 §5: an unrecognised optional non-transitive attribute is quietly ignored — not an"
                    + " error; FRR's 'discard' also accepts the route")),
            Map.entry("unknown-fe-transitive/*", new Deviation("ok",
                    "RFC 4271 §5: passed on with Partial set; the route is accepted in both")));

    private FrrDeviations() {
    }

    /**
     * Our deviation for {@code caseName} with a peer of type {@code peer} ({@code ebgp}, {@code ibgp}
     * or {@code ebgp-oad}), if we decide that case differently from FRR.
     */
    public static Optional<Deviation> rfc7606(String caseName, String peer) {
        String p = peer.equals("ebgp-oad") ? "ebgp" : peer;
        Deviation d = RFC7606.get(caseName + "/" + p);
        return Optional.ofNullable(d != null ? d : RFC7606.get(caseName + "/*"));
    }

    /** The whole table (key → deviation), for reports. */
    public static Map<String, Deviation> rfc7606Table() {
        return RFC7606;
    }
}
