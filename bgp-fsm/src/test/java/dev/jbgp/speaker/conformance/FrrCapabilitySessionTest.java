package dev.jbgp.speaker.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * FRR's capability and optional-parameter cases ({@code vectors/frr-capability.json}) in the OPEN of a
 * real session: a blob FRR parses must give an Established session (with the 4-octet AS FRR finds,
 * RFC 6793 §4.1), one it rejects an OPEN Message Error NOTIFICATION (RFC 4271 §6.2; subcode 0, as
 * bgp-wire decides for a malformed capability, RFC 5492 §3 leaves it open). Capability TLVs go into a
 * Capabilities parameter of their own after one announcing IPv4 unicast (and 4-octet AS unless the
 * case is about it); a whole Optional Parameters field is sent as it is.
 *
 * <p>The Dynamic Capability message bodies (draft-ietf-idr-dynamic-cap) are sent as message type 6 in
 * an Established session. We never advertise that capability, so the type is unrecognised: RFC 4271
 * §6.1 Bad Message Type, with the type as data — whatever FRR's parser says of the body.
 */
class FrrCapabilitySessionTest extends HarnessedSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_AS = 65001;

    static Stream<Arguments> cases() throws IOException {
        JsonNode root = JSON.readTree(TestData.require("vectors/frr-capability.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String array = c.get("array").asText();
            String name = array + "/" + c.get("name").asText() + " (" + c.get("desc").asText() + ")";
            byte[] blob = RawMessages.fromHex(c.get("hex").asText());
            boolean parses = c.get("expected").get("parses").asBoolean();
            long as4 = c.get("expected").get("peek_for_as4_capability").asLong();
            Expected e;
            if (array.equals("dynamic_cap_msgs")) {
                e = Expected.reset(1, 3, new byte[] {6}, "FRR: " + (parses ? "parses" : "rejects")
                        + "; not negotiated here, so RFC 4271 §6.1 Bad Message Type");
            } else if (parses) {
                e = Expected.of(Expected.Outcome.OK, as4 != 0 ? "4-octet AS " + as4 : "");
            } else {
                e = Expected.reset(2, 0, "");
            }
            out.add(arguments(name + " -> " + e, array, blob, as4, e));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void capabilityCase(String name, String array, byte[] blob, long as4, Expected e) throws Exception {
        if (array.equals("dynamic_cap_msgs")) {
            SessionCases.sendAndAssertReset(harness.hostile(PeerKind.EBGP), RawMessages.message(6, blob), e);
            return;
        }
        long remoteAs = as4 != 0 ? as4 : DEFAULT_AS;
        String id = "192.0.2.77";
        byte[] open;
        if (array.equals("opt_params")) {
            open = RawMessages.openWithParameters(remoteAs, 0, id, blob.length, blob);
        } else {
            boolean aboutAs4 = (blob[0] & 0xFF) == 65;
            byte[] ours = aboutAs4 ? RawMessages.multiprotocol(1, 1)
                    : RawMessages.concat(RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(remoteAs));
            byte[] params = RawMessages.concat(RawMessages.capabilitiesParameter(ours), RawMessages.capabilitiesParameter(blob));
            open = RawMessages.openWithParameters(remoteAs, 0, id, params.length, params);
        }
        OpenCases.run(harness, remoteAs, open, e);
    }
}
