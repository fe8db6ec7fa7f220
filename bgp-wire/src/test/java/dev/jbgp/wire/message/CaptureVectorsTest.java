package dev.jbgp.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.wire.Bytes;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.Communities;
import dev.jbgp.wire.attr.ExtendedCommunities;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real UPDATEs from packet captures ({@code pcap/pcap-messages.jsonl}, checked against Wireshark's
 * decode) and from ExaBGP's QA suite ({@code vectors/exabgp/exabgp-vectors.jsonl}, checked against
 * ExaBGP's JSON): all wrap and validate with no error, in the session context the capture's OPENs (or
 * the record's session info) give, and the prefixes, AS paths, next hops and communities match.
 */
class CaptureVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------ OPEN reading (just what we need)

    /** Capabilities of one OPEN: 4-octet AS, AS, ADD-PATH (afi/safi → send/receive bits). */
    static final class OpenInfo {
        boolean fourOctet;
        int myAs;
        final Map<AddressFamily, Integer> addPath = new HashMap<>();
    }

    static OpenInfo readOpen(byte[] m) {
        OpenInfo o = new OpenInfo();
        o.myAs = ((m[20] & 0xFF) << 8) | (m[21] & 0xFF);
        int optLen = m[28] & 0xFF;
        int p = 29;
        int end = Math.min(m.length, 29 + optLen);
        while (p + 2 <= end) {
            int type = m[p] & 0xFF;
            int len = m[p + 1] & 0xFF;
            if (type == 2) {
                int q = p + 2;
                while (q + 2 <= p + 2 + len) {
                    int code = m[q] & 0xFF;
                    int clen = m[q + 1] & 0xFF;
                    if (code == 65) {
                        o.fourOctet = true;
                        o.myAs = ((m[q + 2] & 0xFF) << 24) | ((m[q + 3] & 0xFF) << 16) | ((m[q + 4] & 0xFF) << 8) | (m[q + 5] & 0xFF);
                    } else if (code == 69) {
                        for (int k = q + 2; k + 4 <= q + 2 + clen; k += 4) {
                            int afi = ((m[k] & 0xFF) << 8) | (m[k + 1] & 0xFF);
                            o.addPath.put(AddressFamily.of(afi, m[k + 2] & 0xFF), m[k + 3] & 0xFF);
                        }
                    }
                    q += 2 + clen;
                }
            }
            p += 2 + len;
        }
        return o;
    }

    /** Every value of {@code key} anywhere under {@code node}. */
    static void collect(JsonNode node, String key, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(key)) {
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> out.add(v.asText()));
                    } else if (!e.getValue().isContainerNode()) {
                        out.add(e.getValue().asText());
                    }
                }
                if (!e.getKey().endsWith("_raw")) {
                    collect(e.getValue(), key, out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, key, out));
        }
    }

    /** The prefix keys of a Wireshark prefix container ({@code "10.0.0.0/8"}, {@code "5.5.5.5/32 PathId 1 "}). */
    static List<String> prefixKeys(JsonNode container) {
        List<String> out = new ArrayList<>();
        if (container == null || !container.isObject()) {
            return out;
        }
        container.fieldNames().forEachRemaining(k -> {
            String t = k.trim();
            int sp = t.indexOf(" PathId ");
            String prefix = sp >= 0 ? t.substring(0, sp) : t;
            String id = sp >= 0 ? t.substring(sp + 8).trim() : "";
            if (prefix.matches("[0-9a-fA-F.:]+/[0-9]+")) {
                out.add((id.isEmpty() || id.equals("0") ? "" : id + ":") + Ipv4Prefix.parse(prefix));
            }
        });
        return out;
    }

    static List<String> ours(NlriCursor c) throws BgpDecodeException {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add((c.pathId() != 0 ? c.pathId() + ":" : "") + c.toPrefix());
        }
        return out;
    }

    static List<Long> flatten(AsPath p) {
        List<Long> out = new ArrayList<>();
        for (AsPathSegment s : p.segments()) {
            for (int i = 0; i < s.size(); i++) {
                out.add(s.asn(i));
            }
        }
        return out;
    }

    @Test
    void pcapUpdates() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(TestData.require("pcap/pcap-messages.jsonl"))) {
            String line;
            while ((line = r.readLine()) != null) {
                records.add(JSON.readTree(line));
            }
        }
        Map<String, Map<String, OpenInfo>> opens = new HashMap<>();
        for (JsonNode rec : records) {
            if (rec.get("type").asInt() == 1) {
                opens.computeIfAbsent(rec.get("pcap").asText(), k -> new HashMap<>())
                        .put(rec.get("src").asText(), readOpen(Bytes.hex(rec.get("hex").asText())));
            }
        }
        int updates = 0;
        int prefixesCompared = 0;
        int pathsCompared = 0;
        int mpCompared = 0;
        List<String> failures = new ArrayList<>();
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        NlriCursor c = new NlriCursor();
        for (JsonNode rec : records) {
            if (rec.get("type").asInt() != 2) {
                continue;
            }
            String pcap = rec.get("pcap").asText();
            JsonNode ws = rec.get("wireshark_decode");
            Map<String, OpenInfo> o = opens.getOrDefault(pcap, Map.of());
            OpenInfo from = o.get(rec.get("src").asText());
            OpenInfo to = o.get(rec.get("dst").asText());
            List<String> as4 = new ArrayList<>();
            collect(ws, "bgp.update.path_attribute.as_path_segment.as4", as4);
            List<String> types = new ArrayList<>();
            collect(ws, "bgp.update.path_attribute.type_code", types);
            // Without both OPENs: an AS4_PATH is only sent to a 2-octet speaker (RFC 6793 §4.2.2), else
            // follow Wireshark's guess
            boolean four = from != null && to != null ? from.fourOctet && to.fourOctet
                    : !types.contains("17") && !as4.isEmpty();
            Set<AddressFamily> addPath = new HashSet<>();
            for (AddressFamily fam : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                if (from != null && to != null) {
                    if ((from.addPath.getOrDefault(fam, 0) & 2) != 0 && (to.addPath.getOrDefault(fam, 0) & 1) != 0) {
                        addPath.add(fam);
                    }
                } else {
                    List<String> ids = new ArrayList<>();
                    collect(ws, "bgp.nlri_path_id", ids);
                    if (!ids.isEmpty()) {
                        addPath.add(fam);
                    }
                }
            }
            byte[] bytes = Bytes.hex(rec.get("hex").asText());
            boolean internal = from != null && to != null ? from.myAs == to.myAs
                    : new String(rec.get("hex").asText()).length() > 0 && hasLocalPref(ws);
            CodecContext ctx = new CodecContext(four, CodecContext.STANDARD_MAX_LENGTH, internal, addPath, Set.of());
            String where = pcap + "#" + rec.get("frame").asText();
            ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(bytes);
            try {
                view.wrap(buf, ctx);
                UpdateVerdict v = validator.validate(view);
                if (!v.isOk()) {
                    failures.add(where + ": " + v);
                    continue;
                }
                updates++;
                List<String> nlri = ours(view.nlri(c));
                List<String> wsNlri = prefixKeys(ws.get("bgp.update.nlri"));
                if (!wsNlri.isEmpty() || !nlri.isEmpty()) {
                    if (!new HashSet<>(wsNlri).equals(new HashSet<>(nlri))) {
                        failures.add(where + ": NLRI " + nlri + " vs Wireshark " + wsNlri);
                    }
                    prefixesCompared += nlri.size();
                }
                List<String> wsWithdrawn = prefixKeys(ws.get("bgp.update.withdrawn_routes"));
                List<String> withdrawn = ours(view.withdrawn(c));
                if (!new HashSet<>(wsWithdrawn).equals(new HashSet<>(withdrawn))) {
                    failures.add(where + ": withdrawn " + withdrawn + " vs Wireshark " + wsWithdrawn);
                }
                List<String> nh = new ArrayList<>();
                collect(ws, "bgp.update.path_attribute.next_hop", nh);
                if (!nh.isEmpty() && view.hasNextHop() && !nh.get(0).equals(Ipv4Prefix.format(view.nextHop()))) {
                    failures.add(where + ": next hop " + Ipv4Prefix.format(view.nextHop()) + " vs " + nh);
                }
                List<String> med = new ArrayList<>();
                collect(ws, "bgp.update.path_attribute.multi_exit_disc", med);
                if (!med.isEmpty() && Long.parseLong(med.get(0)) != view.med()) {
                    failures.add(where + ": MED " + view.med() + " vs " + med);
                }
                List<String> lp = new ArrayList<>();
                collect(ws, "bgp.update.path_attribute.local_pref", lp);
                if (!lp.isEmpty() && Long.parseLong(lp.get(0)) != view.localPref()) {
                    failures.add(where + ": LOCAL_PREF " + view.localPref() + " vs " + lp);
                }
                List<String> origin = new ArrayList<>();
                collect(ws, "bgp.update.path_attribute.origin", origin);
                if (!origin.isEmpty() && Integer.parseInt(origin.get(0)) != view.origin()) {
                    failures.add(where + ": ORIGIN " + view.origin() + " vs " + origin);
                }
                List<String> asns = new ArrayList<>();
                collect(ws, four ? "bgp.update.path_attribute.as_path_segment.as4"
                        : "bgp.update.path_attribute.as_path_segment.as2", asns);
                if (view.hasAttribute(AttributeType.AS_PATH) && !view.hasAttribute(AttributeType.AS4_PATH)) {
                    List<Long> wsPath = new ArrayList<>();
                    asns.forEach(a -> wsPath.add(Long.parseLong(a)));
                    List<Long> ourPath = flatten(view.asPath());
                    if (!wsPath.isEmpty() || !ourPath.isEmpty()) {
                        if (!wsPath.equals(ourPath)) {
                            failures.add(where + ": AS_PATH " + ourPath + " vs Wireshark " + wsPath + " (4-octet " + four + ")");
                        }
                        pathsCompared++;
                    }
                }
                if (view.mpReachNlri(c)) {
                    List<String> mp = ours(c);
                    List<String> ws4 = new ArrayList<>();
                    collect(ws, "bgp.mp_reach_nlri_ipv6_prefix", ws4);
                    collect(ws, "bgp.mp_reach_nlri_ipv4_prefix", ws4);
                    Set<String> wsSet = new HashSet<>();
                    ws4.forEach(s -> wsSet.add(s));
                    for (String p : mp) {
                        String addr = p.substring(p.indexOf(':') >= 0 && p.indexOf(':') < p.indexOf('.') ? p.indexOf(':') + 1 : 0,
                                p.indexOf('/'));
                        if (!wsSet.contains(addr)) {
                            failures.add(where + ": MP_REACH prefix " + p + " not in Wireshark " + wsSet);
                        }
                    }
                    mpCompared += mp.size();
                    prefixesCompared += mp.size();
                }
            } catch (BgpDecodeException e) {
                failures.add(where + ": " + e);
            } finally {
                buf.release();
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " problems:\n" + String.join("\n", failures));
        }
        assertEquals(128, updates);
        assertTrue(prefixesCompared > 600, "prefixes compared " + prefixesCompared);
        assertTrue(pathsCompared > 50, "paths compared " + pathsCompared);
        assertTrue(mpCompared >= 5, "MP_REACH prefixes compared " + mpCompared);
    }

    private static boolean hasLocalPref(JsonNode ws) {
        List<String> lp = new ArrayList<>();
        collect(ws, "bgp.update.path_attribute.local_pref", lp);
        return !lp.isEmpty();
    }

    // ------------------------------------------------------------ ExaBGP

    /** ExaBGP encoding tests that are not valid UPDATEs for a receiver, with our verdict and its source. */
    static final Map<String, String[]> EXABGP_INVALID = Map.of(
            "exabgp/qa-encoding/conf-attributes#2", new String[] {"TREAT_AS_WITHDRAW",
                "NEXT_HOP 255.255.255.255 is not a host address: RFC 4271 §6.3 / RFC 7606 §7.3"},
            "exabgp/qa-encoding/conf-generic-attribute#1", new String[] {"SESSION_RESET",
                "type 0x99 with flags 0x60 claims to be well-known: Unrecognized Well-known Attribute, RFC 4271 §6.3"},
            "exabgp/qa-encoding/conf-generic-attribute#2", new String[] {"SESSION_RESET", "as #1 (flags 0x70)"},
            "exabgp/qa-encoding/extended-nexthop#1", new String[] {"SESSION_RESET",
                "IPv6 unicast NLRI with a 4-octet next hop: RFC 2545 §3 allows 16 or 32 (RFC 7606 §7.11)"});

    @Test
    void exabgpUpdates() throws Exception {
        int invalid = 0;
        int updates = 0;
        int compared = 0;
        List<String> failures = new ArrayList<>();
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        NlriCursor c = new NlriCursor();
        try (BufferedReader r = Files.newBufferedReader(TestData.require("vectors/exabgp/exabgp-vectors.jsonl"))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode rec = JSON.readTree(line);
                if (!rec.path("type").asText().equals("2") || !rec.path("framing").asText().equals("full-message")) {
                    continue;
                }
                JsonNode session = rec.get("session");
                boolean four = session == null || session.isNull() || session.get("asn4").asBoolean();
                boolean addPath = session != null && !session.isNull() && session.get("add_path").asBoolean();
                // qa-decoding records have no session: ExaBGP decodes them as from an internal peer
                boolean internal = session == null || session.isNull()
                        || session.get("local_as").asLong() == session.get("peer_as").asLong();
                boolean extended = session != null && !session.isNull() && session.get("extended_message").asBoolean();
                Set<AddressFamily> ap = addPath ? Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST) : Set.of();
                CodecContext ctx = new CodecContext(four, extended ? 65535 : 4096, internal, ap, Set.of());
                String where = rec.get("id").asText();
                ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(Bytes.hex(rec.get("hex").asText()));
                try {
                    view.wrap(buf, ctx);
                    if (session == null || session.isNull()) {
                        // no session info: internal when it carries LOCAL_PREF (RFC 4271 §5.1.5)
                        view.wrap(buf, ctx.withInternalPeer(view.hasLocalPref()));
                    }
                    UpdateVerdict v = validator.validate(view);
                    String[] known = EXABGP_INVALID.get(where);
                    if (known != null) {
                        // ExaBGP's encoder tests emit these on purpose; a receiver must not accept them
                        if (!v.action().map(Enum::name).orElse("OK").equals(known[0])) {
                            failures.add(where + ": expected " + known[0] + " (" + known[1] + "), got " + v);
                        }
                        invalid++;
                        continue;
                    }
                    if (!v.isOk()) {
                        failures.add(where + ": " + v + " [" + rec.get("description").asText() + "]");
                        continue;
                    }
                    updates++;
                    JsonNode exp = rec.path("expected_exabgp_json").path("neighbor").path("message").path("update");
                    if (exp.isMissingNode()) {
                        continue;
                    }
                    compared += compareExabgp(view, exp, c, where, failures);
                } catch (BgpDecodeException e) {
                    failures.add(where + ": " + e);
                } finally {
                    buf.release();
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " problems:\n" + String.join("\n", failures));
        }
        assertEquals(EXABGP_INVALID.size(), invalid);
        assertTrue(updates >= 390, "updates " + updates);
        assertTrue(compared > 150, "compared " + compared);
    }

    private static int compareExabgp(UpdateView view, JsonNode exp, NlriCursor c, String where, List<String> failures)
            throws BgpDecodeException {
        int compared = 0;
        JsonNode attr = exp.path("attribute");
        ByteBuf buf = view.buffer();
        if (attr.has("origin")) {
            check(failures, where, "origin", attr.get("origin").asText(), Origin.of(view.origin()).toString());
        }
        if (attr.has("med")) {
            check(failures, where, "med", attr.get("med").asLong(), view.med());
        }
        if (attr.has("local-preference")) {
            check(failures, where, "local-preference", attr.get("local-preference").asLong(), view.localPref());
        }
        if (attr.has("as-path")) {
            List<Long> want = new ArrayList<>();
            attr.get("as-path").forEach(seg -> seg.get("value").forEach(a -> want.add(a.asLong())));
            check(failures, where, "as-path", want, flatten(view.asPath()));
        }
        if (attr.has("community")) {
            List<String> want = new ArrayList<>();
            attr.get("community").forEach(p -> want.add(p.get(0).asLong() + ":" + p.get(1).asLong()));
            List<String> got = new ArrayList<>();
            int off = view.attributeValueOffset(AttributeType.COMMUNITIES);
            for (int i = 0; i < view.attributeValueLength(AttributeType.COMMUNITIES) / 4; i++) {
                int val = Communities.get(buf, off, i);
                got.add((val >>> 16) + ":" + (val & 0xFFFF));
            }
            check(failures, where, "community", want, got);
        }
        if (attr.has("large-community")) {
            List<String> want = new ArrayList<>();
            attr.get("large-community").forEach(p -> want.add(p.get(0).asLong() + ":" + p.get(1).asLong() + ":" + p.get(2).asLong()));
            List<String> got = new ArrayList<>();
            int off = view.attributeValueOffset(AttributeType.LARGE_COMMUNITY);
            for (int i = 0; i < view.attributeValueLength(AttributeType.LARGE_COMMUNITY) / 12; i++) {
                got.add(LargeCommunity.get(buf, off, i).toString());
            }
            check(failures, where, "large-community", want, got);
        }
        if (attr.has("extended-community")) {
            List<Long> want = new ArrayList<>();
            attr.get("extended-community").forEach(e -> want.add(e.get("value").asLong()));
            List<Long> got = new ArrayList<>();
            int off = view.attributeValueOffset(AttributeType.EXTENDED_COMMUNITIES);
            for (int i = 0; i < view.attributeValueLength(AttributeType.EXTENDED_COMMUNITIES) / 8; i++) {
                got.add(ExtendedCommunities.get(buf, off, i));
            }
            check(failures, where, "extended-community", want, got);
        }
        JsonNode ann = exp.path("announce");
        if (ann.has("ipv4 unicast")) {
            Map<String, List<String>> want = new LinkedHashMap<>();
            ann.get("ipv4 unicast").fields().forEachRemaining(e -> {
                List<String> l = new ArrayList<>();
                e.getValue().forEach(n -> l.add(n.get("nlri").asText()));
                want.put(e.getKey(), l);
            });
            List<String> got = new ArrayList<>();
            view.nlri(c);
            while (c.next()) {
                got.add(c.toPrefix().toString());
            }
            if (view.mpReachNlri(c)) {
                while (c.next()) {
                    got.add(c.toPrefix().toString());
                }
            }
            List<String> all = new ArrayList<>();
            want.values().forEach(all::addAll);
            check(failures, where, "ipv4 nlri", all, got);
            String nh = want.keySet().iterator().next();
            if (view.hasNextHop() && !view.hasAttribute(AttributeType.MP_REACH_NLRI)) {
                check(failures, where, "next-hop", nh, Ipv4Prefix.format(view.nextHop()));
            }
            compared++;
        }
        if (ann.has("ipv6 unicast")) {
            List<String> all = new ArrayList<>();
            String nh = ann.get("ipv6 unicast").fieldNames().next();
            ann.get("ipv6 unicast").forEach(arr -> arr.forEach(n -> all.add(Ipv6Prefix.parse(n.get("nlri").asText()).toString())));
            List<String> got = new ArrayList<>();
            if (view.mpReachNlri(c)) {
                while (c.next()) {
                    got.add(c.toPrefix().toString());
                }
                int off = view.attributeValueOffset(AttributeType.MP_REACH_NLRI);
                if (MpReachNlri.nextHopLength(buf, off) >= 16) {
                    check(failures, where, "ipv6 next-hop", Ipv6Prefix.format(Ipv6Prefix.parseAddress(nh)[0],
                            Ipv6Prefix.parseAddress(nh)[1]), Ipv6Prefix.format(MpReachNlri.nextHopHigh(buf, off),
                            MpReachNlri.nextHopLow(buf, off)));
                }
            }
            check(failures, where, "ipv6 nlri", all, got);
            compared++;
        }
        JsonNode wd = exp.path("withdraw");
        if (wd.has("ipv4 unicast")) {
            List<String> all = new ArrayList<>();
            wd.get("ipv4 unicast").forEach(n -> all.add(n.get("nlri").asText()));
            List<String> got = new ArrayList<>();
            view.withdrawn(c);
            while (c.next()) {
                got.add(c.toPrefix().toString());
            }
            if (view.mpUnreachNlri(c)) {
                while (c.next()) {
                    got.add(c.toPrefix().toString());
                }
            }
            check(failures, where, "ipv4 withdraw", all, got);
            compared++;
        }
        if (wd.has("ipv6 unicast")) {
            List<String> all = new ArrayList<>();
            wd.get("ipv6 unicast").forEach(n -> all.add(Ipv6Prefix.parse(n.get("nlri").asText()).toString()));
            List<String> got = new ArrayList<>();
            if (view.mpUnreachNlri(c)) {
                while (c.next()) {
                    got.add(c.toPrefix().toString());
                }
            }
            check(failures, where, "ipv6 withdraw", all, got);
            compared++;
        }
        return compared + (attr.size() > 0 ? 1 : 0);
    }

    private static void check(List<String> failures, String where, String what, Object want, Object got) {
        if (!want.equals(got)) {
            failures.add(where + ": " + what + " " + got + " vs ExaBGP " + want);
        }
    }
}
