package dev.jbgp.speaker.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.testkit.peer.RawMessages;
import dev.jbgp.testkit.vectors.FrrDeviations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * FRR's RFC 7606 expectations ({@code vectors/frr-rfc7606-cases.json} and {@code frr-attr-parse.json})
 * sent by a raw peer over a real session into a running speaker: every case, for every peer type FRR
 * tests it with (and its eBGP cases once more on an ADD-PATH session), asserting the action taken at session level (see {@link SessionCases}) and that the
 * bystander peer's session and routes are untouched. Where we decide differently from FRR, the case's
 * name says so and {@link FrrDeviations} gives the RFC section (the same table bgp-wire's validator
 * tests use).
 */
class FrrUpdateSessionTest extends HarnessedSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * FRR sends Malformed Attribute List (3/1) for a malformed MP_REACH_NLRI; we send Optional
     * Attribute Error (3/9): RFC 4760 §7 and RFC 7606 §7.11 name the MP attributes' errors so, and
     * bgp-wire's FrrVectorsTest asserts the same.
     */
    private static final int OUR_MP_SUBCODE = 9;

    static Stream<Arguments> rfc7606Cases() throws IOException {
        JsonNode root = JSON.readTree(TestData.require("vectors/frr-rfc7606-cases.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            int type = c.get("attr_type").asInt();
            byte[] attr = RawMessages.fromHex(c.get("attr_hex").asText());
            for (String peer : List.of("ebgp", "ibgp", "ebgp-oad", "ebgp+add-path")) {
                // FRR's cases, once more on an ADD-PATH session: FRR's eBGP expectation, Path Identifiers
                // in front of every NLRI entry (RFC 7911 §3) must not change the outcome
                boolean addPath = peer.equals("ebgp+add-path");
                String frr = c.get("expected").get(addPath ? "ebgp" : peer).asText();
                if (frr.equals("not-tested")) {
                    continue;
                }
                Optional<FrrDeviations.Deviation> dev = FrrDeviations.rfc7606(name, addPath ? "ebgp" : peer);
                Expected.Outcome outcome = Expected.Outcome.of(dev.map(FrrDeviations.Deviation::outcome).orElse(frr));
                String note = dev.map(d -> "FRR: " + frr + "; " + d.reason()).orElse("");
                if (peer.equals("ebgp-oad")) {
                    // no draft-uttaro-idr-bgp-oad sessions here: FRR's OAD peer is an eBGP peer to us
                    note = note.isEmpty() ? "run as an eBGP peer" : note + "; run as an eBGP peer";
                }
                Expected e;
                if (outcome == Expected.Outcome.SESSION_RESET) {
                    int code = c.get("expected_notification").get("code").asInt();
                    int sub = c.get("expected_notification").get("subcode").asInt();
                    if (type == 14 && sub != OUR_MP_SUBCODE) {
                        note = "FRR: " + code + "/" + sub + "; RFC 4760 §7 / RFC 7606 §7.11: Optional Attribute Error";
                        sub = OUR_MP_SUBCODE;
                    }
                    // RFC 4271 §6.3: with Optional Attribute Error (and the other attribute subcodes) the
                    // Data field is the erroneous attribute: type, length and value.
                    e = Expected.reset(code, sub, attr, note);
                } else {
                    e = Expected.of(outcome, note);
                }
                out.add(arguments(name + "/" + peer + " -> " + e, addPath ? PeerKind.EBGP_ADD_PATH : PeerKind.ofFrr(peer),
                        type, attr, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc7606Cases")
    void rfc7606Case(String name, PeerKind kind, int type, byte[] attr, Expected e) throws Exception {
        SessionCases.run(harness, kind, type, p -> RawMessages.concat(p.baseAttributes(type), attr), true, e);
    }

    static Stream<Arguments> attributeBlocks() throws IOException {
        JsonNode root = JSON.readTree(TestData.require("vectors/frr-attr-parse.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            JsonNode peer = c.get("peer");
            PeerKind kind = PeerKind.ofFrr(peer.get("sort").asText());
            String frr = c.get("expected").asText();
            Expected e;
            if (peer.get("oad").asBoolean()) {
                e = Expected.of(Expected.Outcome.DISCARD, "FRR: " + frr.split(" ")[0]
                        + "; no OAD sessions here: LOCAL_PREF from an eBGP peer is discarded whatever it holds (RFC 7606 §7.5)");
            } else if (frr.startsWith("PROCEED")) {
                e = Expected.of(Expected.Outcome.OK, "");
            } else if (frr.startsWith("WITHDRAW")) {
                e = Expected.of(Expected.Outcome.WITHDRAW, "");
            } else {
                e = Expected.reset(3, 1, "");
            }
            out.add(arguments(name + " -> " + e, kind, RawMessages.fromHex(c.get("path_attributes_hex").asText()),
                    c.get("update_has_ipv4_nlri").asBoolean(), e));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attributeBlocks")
    void attributeBlock(String name, PeerKind kind, byte[] attrs, boolean withNlri, Expected e) throws Exception {
        SessionCases.run(harness, kind, e.outcome() == Expected.Outcome.DISCARD ? 5 : 0, p -> attrs, withNlri, e);
    }

    static Stream<Arguments> mpAttributes() throws IOException {
        JsonNode root = JSON.readTree(TestData.require("vectors/frr-mp-attr.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String array = c.get("array").asText();
            String name = array + "/" + c.get("name").asText();
            byte[] value = RawMessages.fromHex(c.get("hex").asText());
            String frr = c.get("expected").asText().split(" ")[0];
            Expected e;
            if (array.equals("mp_prefix_sid")) {
                boolean broken = MpCases.prefixSidFramingBroken(value);
                e = frr.equals("parses") ? Expected.of(Expected.Outcome.OK, "")
                        : Expected.of(broken ? Expected.Outcome.DISCARD : Expected.Outcome.OK, "FRR: " + frr
                        + "; RFC 8669 §6: Prefix-SID errors are handled by attribute discard; we check its TLV framing"
                        + " (§3), not the SRv6 service TLVs inside (RFC 9252), which we pass on unread");
            } else if (!MpCases.unicast(value)) {
                e = Expected.of(Expected.Outcome.OK, "FRR: " + frr + "; a family we did not negotiate (VPN, flowspec: out of"
                        + " scope) is located, not parsed, and its NLRI ignored (RFC 4760 §6); the session stays");
            } else if (name.endsWith("/IPv6-bug")) {
                e = Expected.of(Expected.Outcome.OK, "FRR: error; RFC 4760 §3 allows an MP_REACH_NLRI with a global"
                        + " and link-local next hop and no NLRI: nothing to install, nothing wrong");
            } else if (frr.equals("parses")) {
                e = Expected.of(Expected.Outcome.OK, "");
            } else {
                int type = array.equals("mp_reach_segments") ? 14 : 15;
                e = Expected.reset(3, OUR_MP_SUBCODE, RawMessages.attribute(0x90, type, value),
                        "RFC 7606 §5.3: an MP attribute we cannot parse resets the session; Optional Attribute Error"
                        + " with the attribute as data, RFC 4760 §7 and RFC 4271 §6.3");
            }
            out.add(arguments(name + " -> " + e, array, value, e));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mpAttributes")
    void mpAttribute(String name, String array, byte[] value, Expected e) throws Exception {
        if (array.equals("mp_prefix_sid")) {
            SessionCases.run(harness, PeerKind.EBGP, 40,
                    p -> RawMessages.concat(p.baseAttributes(0), RawMessages.attribute(0xD0, 40, value)), true, e);
        } else {
            MpCases.run(harness, array.equals("mp_reach_segments"), value, e);
        }
    }
}
