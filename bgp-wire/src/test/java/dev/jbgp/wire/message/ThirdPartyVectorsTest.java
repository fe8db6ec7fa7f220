package dev.jbgp.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.capability.Capabilities;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;

import static dev.jbgp.wire.WireTestSupport.MARKER;
import static dev.jbgp.wire.WireTestSupport.buf;
import static dev.jbgp.wire.WireTestSupport.bytes;
import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Third-party vectors from {@code ../shared/testdata} (never copied into the repository): holo-bgp,
 * scapy, FRR's capability parser cases, the pcap messages and the ExaBGP QA messages. UPDATEs belong
 * to the UPDATE codec; here they only have to pass the frame decoder.
 */
class ThirdPartyVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String relative) throws IOException {
        return JSON.readTree(TestData.require(relative).toFile());
    }

    private static List<JsonNode> jsonl(String relative) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.require(relative))) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Frames every message in {@code bytes}; returns each message's bytes. Fails on leftovers. */
    static List<byte[]> frameAll(byte[] bytes) throws BgpDecodeException {
        List<byte[]> out = new ArrayList<>();
        ByteBuf in = buf(bytes);
        try {
            ByteBuf msg;
            while ((msg = BgpFrameDecoder.STANDARD.decode(in)) != null) {
                try {
                    byte[] m = new byte[msg.readableBytes()];
                    msg.getBytes(msg.readerIndex(), m);
                    out.add(m);
                } finally {
                    msg.release();
                }
            }
            assertEquals(0, in.readableBytes(), "octets left after the last whole message");
        } finally {
            in.release();
        }
        return out;
    }

    /**
     * Decodes one framed message with the decoder of its type and checks it re-encodes to the same
     * octets; UPDATE is left to the UPDATE codec. Returns the value, or the type for an UPDATE.
     */
    static Object decodeAndReencode(byte[] message) throws BgpDecodeException {
        String hex = hex(message);
        int type = message[18] & 0xFF;
        Object value;
        String reencoded;
        switch (type) {
            case 1: {
                OpenMessage m = decode(message, OpenMessage::decode);
                value = m;
                reencoded = encode(m::encode);
                break;
            }
            case 2:
                return MessageType.UPDATE;
            case 3: {
                NotificationMessage m = decode(message, NotificationMessage::decode);
                value = m;
                reencoded = encode(m::encode);
                break;
            }
            case 4: {
                KeepaliveMessage m = decode(message, KeepaliveMessage::decode);
                value = m;
                reencoded = encode(m::encode);
                break;
            }
            case 5: {
                RouteRefreshMessage m = decode(message, b -> RouteRefreshMessage.decode(b, false));
                value = m;
                reencoded = encode(m::encode);
                break;
            }
            default:
                throw new AssertionError("framed an unknown type " + type);
        }
        assertEquals(hex, reencoded, () -> "re-encoding of " + value);
        assertFalse(value.toString().isBlank());
        return value;
    }

    // ---------------------------------------------------------------- holo

    @TestFactory
    List<DynamicTest> holoBgp() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : json("vectors/holo-bgp.json").get("vectors")) {
            tests.add(dynamicTest(v.get("name").asText(), () -> checkHolo(v)));
        }
        assertEquals(10, tests.size());
        return tests;
    }

    private static void checkHolo(JsonNode v) throws BgpDecodeException {
        byte[] all = bytes(v.get("hex").asText());
        JsonNode expected = v.get("expected");
        // The malformed holo UPDATEs have padding after the message the length field describes:
        // frame the first message only.
        ByteBuf in = buf(all);
        byte[] message;
        try {
            ByteBuf msg = BgpFrameDecoder.STANDARD.decode(in);
            assertNotNull(msg);
            try {
                message = new byte[msg.readableBytes()];
                msg.getBytes(msg.readerIndex(), message);
            } finally {
                msg.release();
            }
        } finally {
            in.release();
        }
        Object value = decodeAndReencode(message);
        String type = expected.has("type") ? expected.get("type").asText() : "UPDATE";
        switch (type) {
            case "KEEPALIVE":
                assertEquals(KeepaliveMessage.INSTANCE, value);
                break;
            case "OPEN": {
                OpenMessage open = (OpenMessage) value;
                assertEquals(expected.get("version").asInt(), open.version());
                assertEquals(expected.get("my_as").asLong(), open.myAs());
                assertEquals(expected.get("hold_time").asInt(), open.holdTime());
                assertEquals(expected.get("bgp_identifier").asText(), open.bgpIdentifierText());
                List<Capability> caps = open.capabilities();
                JsonNode want = expected.get("capabilities");
                assertEquals(want.size(), caps.size());
                for (int i = 0; i < want.size(); i++) {
                    JsonNode w = want.get(i);
                    Capability c = caps.get(i);
                    assertEquals(w.get("code").asInt(), c.code());
                    if (w.has("afi")) {
                        assertEquals(Multiprotocol.of(w.get("afi").asInt(), w.get("safi").asInt()), c);
                    }
                    if (w.has("asn")) {
                        assertEquals(new FourOctetAs(w.get("asn").asLong()), c);
                    }
                }
                break;
            }
            case "NOTIFICATION": {
                NotificationMessage n = (NotificationMessage) value;
                assertEquals(expected.get("error_code").asInt(), n.code());
                assertEquals(expected.get("error_subcode").asInt(), n.subcode());
                assertEquals(expected.get("data").asText(), hex(n.data()));
                assertEquals(expected.get("meaning").asText(), n.describe());
                break;
            }
            case "ROUTE-REFRESH": {
                RouteRefreshMessage r = (RouteRefreshMessage) value;
                assertEquals(expected.get("afi").asInt(), r.afi());
                assertEquals(expected.get("safi").asInt(), r.safi());
                assertEquals(expected.get("reserved").asInt(), r.subtype());
                break;
            }
            default:
                assertEquals(MessageType.UPDATE, value);
        }
    }

    // ---------------------------------------------------------------- scapy

    private static final Set<String> SCAPY_MESSAGE_FRAGMENTS = Set.of("BGPOpen", "BGPNotification", "BGPRouteRefresh");
    private static final Set<String> SCAPY_CAPABILITY_FRAGMENTS = Set.of("BGPCapability", "c", "BGPCapMultiprotocol",
            "BGPCapORF", "BGPCapGracefulRestart", "BGPCapFourBytesASN");

    @TestFactory
    List<DynamicTest> scapy() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode v : json("vectors/scapy-bgp.json").get("vectors")) {
            String cls = v.get("scapy_class").asText();
            String framing = v.get("framing").asText();
            String name = v.get("name").asText() + " [" + v.get("kind").asText() + "]";
            while (!names.add(name)) {
                name += "'";
            }
            if (framing.startsWith("full-message")) {
                tests.add(dynamicTest(name, () -> checkScapyMessages(v)));
            } else if (SCAPY_MESSAGE_FRAGMENTS.contains(cls)) {
                tests.add(dynamicTest(name, () -> checkScapyMessageBody(cls, bytes(v.get("hex").asText()))));
            } else if (SCAPY_CAPABILITY_FRAGMENTS.contains(cls)) {
                tests.add(dynamicTest(name, () -> checkScapyCapability(v)));
            } else if (cls.equals("BGPOptParam")) {
                tests.add(dynamicTest(name, () -> checkScapyOptParam(v)));
            }
        }
        assertTrue(tests.size() >= 60, "scapy vectors selected: " + tests.size());
        return tests;
    }

    private static void checkScapyMessages(JsonNode v) throws BgpDecodeException {
        byte[] all = bytes(v.get("hex").asText());
        int type = all[18] & 0xFF;
        int length = ((all[16] & 0xFF) << 8) | (all[17] & 0xFF);
        if (length == 19 && type != 4) {
            // scapy builds bare headers of every type; RFC 4271 §6.1 rejects them at the frame.
            BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frameAll(all));
            assertEquals(1, e.code().value());
            assertEquals(type >= 1 && type <= 5 ? 2 : 3, e.subcode(), e::toString);
            return;
        }
        List<byte[]> messages = frameAll(all);
        List<Object> values = new ArrayList<>();
        StringBuilder reencoded = new StringBuilder();
        for (byte[] m : messages) {
            values.add(decodeAndReencode(m));
            reencoded.append(hex(m));
        }
        assertEquals(hex(all), reencoded.toString());
        Object first = values.get(0);
        byte[] firstBytes = messages.get(0);
        for (JsonNode f : v.path("expected_field_values")) {
            String field = f.get("field").asText();
            String want = f.get("equals").asText().replace("\"", "");
            switch (field) {
                case "m.type":
                case "h.type":
                    assertEquals(scapyType(want), firstBytes[18] & 0xFF);
                    break;
                case "m.len":
                case "h.len":
                    assertEquals(Integer.parseInt(want), firstBytes.length);
                    break;
                case "m.version":
                    assertEquals(Integer.parseInt(want), ((OpenMessage) first).version());
                    break;
                case "m.my_as":
                    assertEquals(Integer.parseInt(want), ((OpenMessage) first).myAs());
                    break;
                case "m.hold_time":
                    assertEquals(Integer.parseInt(want), ((OpenMessage) first).holdTime());
                    break;
                case "m.bgp_id":
                    assertEquals(want, ((OpenMessage) first).bgpIdentifierText());
                    break;
                case "m.opt_param_len":
                    assertEquals(Integer.parseInt(want), firstBytes[28] & 0xFF);
                    assertEquals(Integer.parseInt(want), firstBytes.length - 29);
                    break;
                case "m.error_code":
                    assertEquals(Integer.parseInt(want), ((NotificationMessage) first).code());
                    break;
                case "m.error_subcode":
                    assertEquals(Integer.parseInt(want), ((NotificationMessage) first).subcode());
                    break;
                case "m.afi":
                    assertEquals(Integer.parseInt(want), ((RouteRefreshMessage) first).afi());
                    break;
                case "m.safi":
                    assertEquals(Integer.parseInt(want), ((RouteRefreshMessage) first).safi());
                    break;
                case "m.subtype":
                    assertEquals(Integer.parseInt(want), ((RouteRefreshMessage) first).subtype());
                    break;
                case "m.orf_data[0].when_to_refresh":
                    assertEquals(Integer.parseInt(want), ((RouteRefreshMessage) first).orfEntries()[0]);
                    break;
                case "m.orf_data[0].orf_type":
                    assertEquals(Integer.parseInt(want), ((RouteRefreshMessage) first).orfEntries()[1] & 0xFF);
                    break;
                default:
                    // UPDATE fields and ORF entry details: not this codec's business.
                    break;
            }
        }
    }

    private static int scapyType(String name) {
        switch (name) {
            case "BGP.OPEN_TYPE": return 1;
            case "BGP.UPDATE_TYPE": return 2;
            case "BGP.NOTIFICATION_TYPE": return 3;
            case "BGP.KEEPALIVE_TYPE": return 4;
            case "BGP.ROUTEREFRESH_TYPE": return 5;
            default: return Integer.parseInt(name);
        }
    }

    /** A scapy message body without header: add one, then decode (when legal) and encode. */
    private static void checkScapyMessageBody(String cls, byte[] body) throws BgpDecodeException {
        int type = cls.equals("BGPOpen") ? 1 : cls.equals("BGPNotification") ? 3 : 5;
        String hex = MARKER + String.format("%04X%02X", 19 + body.length, type) + hex(body);
        byte[] message = bytes(hex);
        if (type == 1) {
            int myAs = ((body[1] & 0xFF) << 8) | (body[2] & 0xFF);
            int id = ((body[5] & 0xFF) << 24) | ((body[6] & 0xFF) << 16) | ((body[7] & 0xFF) << 8) | (body[8] & 0xFF);
            if (myAs == 0 || id == 0) {
                // scapy's defaults (AS 0, identifier 0.0.0.0) are refused on receipt (RFC 7607, RFC 6286)...
                BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> decode(message, OpenMessage::decode));
                assertEquals(2, e.code().value());
                assertTrue(e.subcode() == 2 || e.subcode() == 3, e::toString);
                // ...but the encoder writes whatever it is given.
                int hold = ((body[3] & 0xFF) << 8) | (body[4] & 0xFF);
                assertEquals(hex, encode(new OpenMessage(body[0] & 0xFF, myAs, hold, id, List.of())::encode));
                return;
            }
        }
        decodeAndReencode(message);
    }

    private static void checkScapyCapability(JsonNode v) throws BgpDecodeException {
        String hex = v.get("hex").asText();
        if (hex.equals("0300")) {
            // An empty ORF capability: malformed by FRR's (and our) minimum of 5 octets.
            BgpDecodeException e = assertThrows(BgpDecodeException.class,
                    () -> decode(hex, b -> Capabilities.decodeAll(b, 0, b.readableBytes())));
            assertEquals(2, e.code().value());
            assertEquals(0, e.subcode());
            return;
        }
        List<Capability> caps = decode(hex, b -> Capabilities.decodeAll(b, 0, b.readableBytes()));
        assertEquals(1, caps.size());
        assertEquals(hex, encode(caps.get(0)::encode));
        for (JsonNode f : v.path("expected_field_values")) {
            String field = f.get("field").asText();
            String want = f.get("equals").asText();
            GracefulRestart gr = caps.get(0) instanceof GracefulRestart g ? g : null;
            switch (field) {
                case "c.code":
                    assertEquals(Integer.parseInt(want), caps.get(0).code());
                    break;
                case "c.restart_time":
                    assertEquals(Integer.parseInt(want), gr.restartTime());
                    break;
                case "c.restart_flags":
                    assertEquals(Integer.decode(want), gr.restartFlags());
                    break;
                case "c.entries[0].afi":
                    assertEquals(Integer.parseInt(want), gr.families().get(0).family().afi());
                    break;
                case "c.entries[0].safi":
                    assertEquals(Integer.parseInt(want), gr.families().get(0).family().safi());
                    break;
                case "c.entries[0].flags":
                    assertEquals(Integer.parseInt(want), gr.families().get(0).flags());
                    break;
                default:
                    break;
            }
        }
    }

    private static void checkScapyOptParam(JsonNode v) throws BgpDecodeException {
        String hex = v.get("hex").asText();
        if ((bytes(hex)[0] & 0xFF) != CapabilityParameter.TYPE) {
            // Type 1 (authentication, deprecated by RFC 5492): Unsupported Optional Parameter.
            BgpDecodeException e = assertThrows(BgpDecodeException.class,
                    () -> decode(hex, b -> OptionalParameters.decode(b, 0, b.readableBytes(), false)));
            assertEquals(2, e.code().value());
            assertEquals(4, e.subcode());
            return;
        }
        List<CapabilityParameter> params = decode(hex, b -> OptionalParameters.decode(b, 0, b.readableBytes(), false));
        assertEquals(hex, encode(out -> OptionalParameters.encode(out, params, false)));
    }

    // ---------------------------------------------------------------- FRR capability parser

    @TestFactory
    List<DynamicTest> frrCapability() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : json("vectors/frr-capability.json").get("cases")) {
            String name = v.get("array").asText() + "/" + v.get("name").asText() + ": " + v.get("desc").asText();
            tests.add(dynamicTest(name, () -> checkFrr(v)));
        }
        assertEquals(47, tests.size());
        return tests;
    }

    private static void checkFrr(JsonNode v) throws BgpDecodeException {
        String array = v.get("array").asText();
        byte[] raw = bytes(v.get("hex").asText());
        boolean parses = v.get("expected").get("parses").asBoolean();
        long as4 = v.get("expected").get("peek_for_as4_capability").asLong();
        if (array.equals("dynamic_cap_msgs")) {
            checkFrrDynamicCapability(raw, parses);
            return;
        }
        byte[] field;
        if (array.equals("opt_params")) {
            field = raw;
        } else {
            // FRR wraps capability TLVs in one Capabilities parameter before parsing; so do we.
            field = new byte[raw.length + 2];
            field[0] = CapabilityParameter.TYPE;
            field[1] = (byte) raw.length;
            System.arraycopy(raw, 0, field, 2, raw.length);
        }
        OptionalLong peeked = decode(field, b -> OptionalParameters.peekFourOctetAs(b, 0, b.readableBytes(), false));
        assertEquals(as4 == 0 ? OptionalLong.empty() : OptionalLong.of(as4), peeked, "4-octet AS peek");
        if (parses) {
            List<CapabilityParameter> params = decode(field, b -> OptionalParameters.decode(b, 0, b.readableBytes(), false));
            assertFalse(params.isEmpty());
            JsonNode check = v.get("expected").get("afi_safi_check");
            if (check != null) {
                // FRR's check looks at its own negotiated-family table, in which "MP5" (IANA SAFI 4,
                // labelled unicast) is filed under the MPLS-VPN SAFI; the AFI is comparable, the SAFI
                // is compared with the octet on the wire.
                Capability first = params.get(0).capabilities().get(0);
                assertEquals(Multiprotocol.of(check.get("afi").asInt(), raw[raw.length - 1] & 0xFF), first);
            }
        } else {
            BgpDecodeException e = assertThrows(BgpDecodeException.class,
                    () -> decode(field, b -> OptionalParameters.decode(b, 0, b.readableBytes(), false)));
            assertEquals(2, e.code().value(), e::toString);
            assertEquals(0, e.subcode(), e::toString);
        }
    }

    /**
     * Dynamic capability messages (draft-ietf-idr-dynamic-cap) are not a jbgp message type; their body
     * is a series of (action, code, length, value) entries, and each value is decoded here with our
     * capability decoder to show the FRR verdicts and ours agree on the capability octets.
     */
    private static void checkFrrDynamicCapability(byte[] body, boolean parses) {
        ByteBuf b = buf(body);
        try {
            boolean ok = true;
            int p = 0;
            try {
                while (p < body.length) {
                    if (body.length - p < 3) {
                        ok = false;
                        break;
                    }
                    int code = body[p + 1] & 0xFF;
                    int len = body[p + 2] & 0xFF;
                    if (p + 3 + len > body.length) {
                        ok = false;
                        break;
                    }
                    Capabilities.decode(code, b, p + 3, len);
                    p += 3 + len;
                }
            } catch (BgpDecodeException e) {
                ok = false;
            }
            assertEquals(parses, ok);
        } finally {
            b.release();
        }
    }

    // ---------------------------------------------------------------- pcap and ExaBGP

    @TestFactory
    List<DynamicTest> pcapMessages() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode r : jsonl("pcap/pcap-messages.jsonl")) {
            String name = r.get("pcap").asText() + " frame " + r.get("frame").asText() + "#" + r.get("index_in_frame").asText()
                    + " type " + r.get("type").asText();
            tests.add(dynamicTest(name, () -> checkWholeMessage(r)));
        }
        assertEquals(328, tests.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> exabgpMessages() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode r : jsonl("vectors/exabgp/exabgp-vectors.jsonl")) {
            if (!"full-message".equals(r.path("framing").asText()) || r.path("hex").isNull()) {
                continue;
            }
            tests.add(dynamicTest(r.get("id").asText(), () -> checkWholeMessage(r)));
        }
        assertEquals(407, tests.size());
        return tests;
    }

    private static void checkWholeMessage(JsonNode r) throws BgpDecodeException {
        byte[] bytes = bytes(r.get("hex").asText());
        List<byte[]> messages = frameAll(bytes);
        assertEquals(1, messages.size());
        assertEquals(r.get("type").asInt(), messages.get(0)[18] & 0xFF);
        Object value = decodeAndReencode(messages.get(0));
        if (value instanceof NotificationMessage n) {
            assertFalse(n.describe().isEmpty());
        }
    }

    @TestFactory
    List<DynamicTest> exabgpShutdownCommunication() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode r : jsonl("vectors/exabgp/exabgp-vectors.jsonl")) {
            if (r.has("notification_text")) {
                String text = r.get("notification_text").asText();
                tests.add(dynamicTest(r.get("id").asText(), () -> {
                    NotificationMessage n = NotificationMessage.cease(2, text);
                    NotificationMessage back = decode(bytes(encode(n::encode)), NotificationMessage::decode);
                    assertEquals(text, back.shutdownCommunication().orElseThrow());
                    assertEquals("Cease / Administrative Shutdown", back.describe());
                }));
            }
        }
        assertEquals(1, tests.size());
        return tests;
    }

    // ---------------------------------------------------------------- GoBGP fuzz crashers

    @TestFactory
    List<DynamicTest> gobgpBadLength() throws IOException {
        Path dir = TestData.require("vectors/gobgp-fuzz-bad-len");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : JSON.readTree(dir.resolve("index.json").toFile()).get("files")) {
            String file = f.get("file").asText();
            tests.add(dynamicTest(file, () -> {
                byte[] raw = Files.readAllBytes(dir.resolve(file));
                // As sent: the marker is wrong, so the frame decoder stops at the header.
                ByteBuf in = buf(raw);
                try {
                    BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpFrameDecoder.STANDARD.decode(in));
                    assertEquals(1, e.code().value());
                    assertEquals(1, e.subcode());
                } finally {
                    in.release();
                }
                // With the marker repaired the bad lengths and bodies reach every decoder: value or
                // BgpDecodeException, nothing else.
                byte[] fixed = raw.clone();
                Arrays.fill(fixed, 0, 16, (byte) 0xFF);
                RobustnessChecks.feedEverything(fixed);
            }));
        }
        assertEquals(11, tests.size());
        return tests;
    }
}
