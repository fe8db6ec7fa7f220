package dev.jbgp.speaker.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * GoBGP's fuzz crashers ({@code vectors/gobgp-fuzz-bad-len/}) sent into a real session, three ways:
 * <ol>
 *   <li>as they are, in an Established session: none starts with the all-ones marker, so RFC 4271
 *       §6.1 Connection Not Synchronized (1/1);</li>
 *   <li>with the marker repaired, in an Established session, so the bad lengths reach the message
 *       decoders: an OPEN with a version other than 4 is Unsupported Version Number with our version
 *       as data (§6.2, 2/1, data 0004); an UPDATE whose NLRI field cannot be parsed is Invalid
 *       Network Field (§6.3 and RFC 7606 §5.3, 3/10);</li>
 *   <li>with the marker repaired, as the first message on a new connection instead of an OPEN: an
 *       UPDATE in OpenSent is a Finite State Machine Error, Receive Unexpected Message in OpenSent
 *       (RFC 6608 §4, 5/1); an OPEN is judged as in 2.</li>
 * </ol>
 * Every time the bystander's session and routes are untouched and nothing leaks.
 */
class GobgpBadLengthSessionTest extends HarnessedSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Variant { AS_SENT, REPAIRED_ESTABLISHED, REPAIRED_FIRST_MESSAGE }

    static Stream<Arguments> files() throws IOException {
        Path dir = TestData.require("vectors/gobgp-fuzz-bad-len");
        List<Arguments> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(dir.resolve("index.json").toFile()).get("files")) {
            String file = f.get("file").asText();
            byte[] raw = Files.readAllBytes(dir.resolve(file));
            byte[] fixed = raw.clone();
            Arrays.fill(fixed, 0, RawMessages.MARKER_LENGTH, (byte) 0xFF);
            for (Variant v : Variant.values()) {
                Expected e = expected(v, fixed);
                out.add(arguments(file.substring(0, 12) + " " + v + " -> " + e, v, v == Variant.AS_SENT ? raw : fixed, e));
            }
        }
        assertEquals(33, out.size(), "11 files, three ways each");
        return out.stream();
    }

    /** What RFC 4271 / 6608 say the speaker must answer to {@code fixed} (marker repaired) sent as {@code v}. */
    static Expected expected(Variant v, byte[] fixed) {
        if (v == Variant.AS_SENT) {
            return Expected.reset(1, 1, "");
        }
        int type = RawMessages.type(fixed);
        if (type == RawMessages.OPEN) {
            if (fixed[RawMessages.HEADER_LENGTH] == 4) {
                throw new IllegalStateException("a version-4 OPEN among the crashers: judge it by hand");
            }
            return Expected.reset(2, 1, new byte[] {0, 4}, "");
        }
        if (type != RawMessages.UPDATE) {
            throw new IllegalStateException("unexpected message type " + type);
        }
        if (v == Variant.REPAIRED_FIRST_MESSAGE) {
            return Expected.reset(5, 1, "");
        }
        // Lay the UPDATE out by RFC 4271 §4.3; every crasher's NLRI field is unparseable.
        int length = Math.min(RawMessages.length(fixed), fixed.length);
        byte[] body = Arrays.copyOfRange(fixed, RawMessages.HEADER_LENGTH, length);
        int withdrawn = (body[0] & 0xFF) << 8 | (body[1] & 0xFF);
        int attrs = (body[2 + withdrawn] & 0xFF) << 8 | (body[3 + withdrawn] & 0xFF);
        int nlri = 4 + withdrawn + attrs;
        if (nlri > body.length || MpCases.entries(body, nlri, 32) != null) {
            throw new IllegalStateException("a crasher whose NLRI field parses: judge it by hand");
        }
        return Expected.reset(3, 10, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void crasher(String name, Variant v, byte[] bytes, Expected e) throws Exception {
        HostilePeer peer = v == Variant.REPAIRED_FIRST_MESSAGE
                ? harness.connectHostile(PeerKind.EBGP, PeerKind.EBGP.peerAs)
                : harness.hostile(PeerKind.EBGP);
        SessionCases.sendAndAssertReset(peer, bytes, e);
    }
}
