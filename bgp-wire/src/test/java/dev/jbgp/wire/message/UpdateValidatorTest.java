package dev.jbgp.wire.message;

import dev.jbgp.wire.Bytes;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each RFC 7606 / RFC 4271 §6.3 rule, built from bytes, asserting action, code and subcode. */
class UpdateValidatorTest {

    static final String ORIGIN = "40010100";
    static final String AS_PATH = "400206 0201 0000FDE9";
    static final String NEXT_HOP = "4003047F000001";
    static final String NLRI = "207F000001";

    static UpdateVerdict verdict(String withdrawn, String attrs, String nlri, CodecContext ctx) {
        ByteBuf buf = Bytes.buf(Bytes.update(withdrawn, attrs, nlri));
        try {
            return new UpdateValidator().validate(new UpdateView().wrap(buf, ctx));
        } catch (BgpDecodeException e) {
            throw new AssertionError("wrap failed: " + e, e);
        } finally {
            buf.release();
        }
    }

    static UpdateVerdict verdict(String attrs, String nlri) {
        return verdict("", attrs, nlri, CodecContext.MODERN);
    }

    static void assertVerdict(UpdateVerdict v, ErrorAction action, int subcode) {
        assertEquals(Optional.of(action), v.action(), v.toString());
        BgpDecodeException e = v.error().orElseThrow();
        assertEquals(ErrorCode.UPDATE_MESSAGE_ERROR, e.code(), v.toString());
        assertEquals(subcode, e.subcode(), v.toString());
    }

    @Test
    void wellFormedUpdatePasses() {
        assertTrue(verdict(ORIGIN + AS_PATH + NEXT_HOP, NLRI).isOk());
        // attributes without NLRI need nothing mandatory (RFC 7606 §3 d applies only when NLRI are present)
        assertTrue(verdict("800404 00000001", "").isOk());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, attribute replacing or added, action, subcode — RFC 7606 section in the name
        "ORIGIN optional flag §3c,         C0010100,               TREAT_AS_WITHDRAW, 4",
        "ORIGIN partial flag §3c,          60010100,               TREAT_AS_WITHDRAW, 4",
        "ORIGIN length 2 §7.1,             4001020000,             TREAT_AS_WITHDRAW, 5",
        "ORIGIN value 3 §7.1,              40010103,               TREAT_AS_WITHDRAW, 6",
        "AS_PATH segment overrun §7.2,     400206 0202 0000FDE9,   TREAT_AS_WITHDRAW, 11",
        "AS_PATH segment type 0 §7.2,      400206 0001 0000FDE9,   TREAT_AS_WITHDRAW, 11",
        "AS_PATH AS 0 RFC7607,             400206 0201 00000000,   TREAT_AS_WITHDRAW, 11",
        "NEXT_HOP length 3 §7.3,           4003037F0000,           TREAT_AS_WITHDRAW, 5",
        "NEXT_HOP 0.0.0.0 §7.3,            40030400000000,         TREAT_AS_WITHDRAW, 8",
        "NEXT_HOP multicast §7.3,          400304E0000001,         TREAT_AS_WITHDRAW, 8",
        "MED length 3 §7.4,                800403000000,           TREAT_AS_WITHDRAW, 5",
        "MED transitive flag §3c,          C004040000000A,         TREAT_AS_WITHDRAW, 4",
        "ATOMIC_AGGREGATE length 1 §7.6,   40060100,               ATTRIBUTE_DISCARD, 5",
        "AGGREGATOR length 7 §7.7,         C007070000FDE97F0000,   ATTRIBUTE_DISCARD, 5",
        "AGGREGATOR AS 0 RFC7607,          C00708000000007F000002, ATTRIBUTE_DISCARD, 9",
        "COMMUNITIES length 5 §7.8,        C00805FFFF000100,       TREAT_AS_WITHDRAW, 5",
        "ORIGINATOR_ID length 3 §7.9,      8009037F0000,           TREAT_AS_WITHDRAW, 5",
        "CLUSTER_LIST length 0 §7.10,      800A00,                 TREAT_AS_WITHDRAW, 5",
        "EXT_COMMUNITIES length 9 §7.14,   C010090002FDE90000000100, TREAT_AS_WITHDRAW, 5",
        "LARGE_COMMUNITY length 13 RFC8092, C0200D0000FDE9000000010000000200, TREAT_AS_WITHDRAW, 5",
        "Prefix-SID bad label index RFC8669, C02803010000,         ATTRIBUTE_DISCARD, 9",
        "Prefix-SID non-transitive RFC8669, 802809010007000000000001, ATTRIBUTE_DISCARD, 4",
        "MP_REACH next hop length 4 for IPv6 §7.11, 800E090002010420010DB800, SESSION_RESET, 9",
        "MP_REACH next hop overrun §7.11,  800E0700020140200100,   SESSION_RESET, 9",
        "MP_UNREACH too short §7.11,       800F020002,             SESSION_RESET, 9",
        "MP_UNREACH prefix overrun §5.3,   800F08000201 4020010DB8, SESSION_RESET, 9",
        "Unrecognized well-known RFC4271 s6.3, 40FE0100,           SESSION_RESET, 2",
    })
    void attributeRules(String name, String attr, ErrorAction action, int subcode) {
        String type = attr.replace(" ", "").substring(2, 4);
        String attrs;
        if (type.equals("01")) {
            attrs = attr + AS_PATH + NEXT_HOP;
        } else if (type.equals("02")) {
            attrs = ORIGIN + attr + NEXT_HOP;
        } else if (type.equals("03")) {
            attrs = ORIGIN + AS_PATH + attr;
        } else {
            attrs = ORIGIN + AS_PATH + NEXT_HOP + attr;
        }
        UpdateVerdict v = verdict(attrs, NLRI);
        assertVerdict(v, action, subcode);
        if (action == ErrorAction.ATTRIBUTE_DISCARD) {
            assertArrayEquals(new int[] {Integer.parseInt(type, 16)}, v.discardedAttributes(), name);
        }
        if (subcode == Subcodes.Update.ATTRIBUTE_FLAGS_ERROR || subcode == Subcodes.Update.ATTRIBUTE_LENGTH_ERROR) {
            // RFC 4271 §6.3: the data field is the erroneous attribute
            assertArrayEquals(Bytes.hex(attr), v.error().orElseThrow().data(), name);
        }
    }

    @Test
    void missingWellKnownAttributesAreTreatAsWithdrawOnlyWithNlri() {
        UpdateVerdict v = verdict(AS_PATH + NEXT_HOP, NLRI);
        assertVerdict(v, ErrorAction.TREAT_AS_WITHDRAW, Subcodes.Update.MISSING_WELL_KNOWN_ATTRIBUTE);
        assertArrayEquals(new byte[] {AttributeType.ORIGIN}, v.error().orElseThrow().data());
        assertVerdict(verdict(ORIGIN + NEXT_HOP, NLRI), ErrorAction.TREAT_AS_WITHDRAW, 3);
        assertVerdict(verdict(ORIGIN + AS_PATH, NLRI), ErrorAction.TREAT_AS_WITHDRAW, 3);
        // holo's vector: no attributes at all, five 0.0.0.0/0 NLRI
        assertVerdict(verdict("", "0000000000"), ErrorAction.TREAT_AS_WITHDRAW, 3);
        // a withdrawal needs none
        assertTrue(verdict("187F0001", "", "", CodecContext.MODERN).isOk());
        // MP_REACH-only: ORIGIN and AS_PATH required, NEXT_HOP not (RFC 4760 §3)
        String mp = "800E1A 0002 01 10 20010DB8000000000000000000000001 00 2020010DB8";
        assertTrue(verdict(ORIGIN + AS_PATH + mp, "").isOk());
        assertVerdict(verdict(ORIGIN + mp, ""), ErrorAction.TREAT_AS_WITHDRAW, 3);
    }

    @Test
    void localPrefOnIbgpAndEbgp() {
        CodecContext ibgp = CodecContext.MODERN.withInternalPeer(true);
        String base = ORIGIN + AS_PATH + NEXT_HOP;
        assertTrue(verdict("", base + "40050400000064", NLRI, ibgp).isOk());
        // §7.5 / §3 d: missing on iBGP, or malformed there → treat-as-withdraw
        assertVerdict(verdict("", base, NLRI, ibgp), ErrorAction.TREAT_AS_WITHDRAW, 3);
        assertVerdict(verdict("", base + "400503000000", NLRI, ibgp), ErrorAction.TREAT_AS_WITHDRAW, 5);
        // §7.5: from an external peer it is discarded, well-formed or not
        UpdateVerdict ebgp = verdict("", base + "400503000000", NLRI, CodecContext.MODERN);
        assertEquals(Optional.of(ErrorAction.ATTRIBUTE_DISCARD), ebgp.action());
        assertTrue(ebgp.isDiscarded(AttributeType.LOCAL_PREF));
    }

    @Test
    void duplicates() {
        String base = ORIGIN + AS_PATH + NEXT_HOP;
        // §3 g: a repeated MED: the later one is discarded, the UPDATE proceeds
        UpdateVerdict v = verdict(base + "8004040000000A 80040400000014", NLRI);
        assertEquals(Optional.of(ErrorAction.ATTRIBUTE_DISCARD), v.action());
        // §3 g: MP_REACH_NLRI twice → session reset, Malformed Attribute List
        String mp = "800E1A 0002 01 10 20010DB8000000000000000000000001 00 2020010DB8";
        assertVerdict(verdict(ORIGIN + AS_PATH + mp + mp, ""), ErrorAction.SESSION_RESET, 1);
        String unreach = "800F08000201 2020010DB8";
        assertVerdict(verdict(unreach + unreach, ""), ErrorAction.SESSION_RESET, 1);
    }

    @Test
    void attributeFieldEndingInsideAnAttributeIsTreatAsWithdraw() {
        String base = ORIGIN + AS_PATH + NEXT_HOP;
        // §4: fewer than 3 octets left
        assertVerdict(verdict(base + "4001", NLRI), ErrorAction.TREAT_AS_WITHDRAW, 1);
        // §4: fewer than 4 with Extended Length
        assertVerdict(verdict(base + "500800", NLRI), ErrorAction.TREAT_AS_WITHDRAW, 1);
        // §4: attribute length past the Total Path Attribute Length
        assertVerdict(verdict(base + "C00808FFFF0001", NLRI), ErrorAction.TREAT_AS_WITHDRAW, 1);
    }

    @Test
    void nlriSyntaxErrorsResetTheSession() {
        String base = ORIGIN + AS_PATH + NEXT_HOP;
        // §5.3: prefix length 33 in the body → Invalid Network Field
        assertVerdict(verdict(base, "217F00000100"), ErrorAction.SESSION_RESET, 10);
        // in the withdrawn routes
        assertVerdict(verdict("217F00000100", "", "", CodecContext.MODERN), ErrorAction.SESSION_RESET, 10);
        // IPv6 prefix length 129 in MP_REACH_NLRI → Optional Attribute Error (RFC 4760 §7)
        String mp = "800E1A 0002 01 10 20010DB8000000000000000000000001 00 8120010DB8";
        UpdateVerdict v = verdict(base + mp, "");
        assertVerdict(v, ErrorAction.SESSION_RESET, 9);
        // RFC 4271 §6.3: Optional Attribute Error carries the attribute as data (found by the
        // session-level conformance suite: the NLRI errors inside MP attributes had none)
        assertArrayEquals(Bytes.hex(mp.replace(" ", "")), v.error().orElseThrow().data());
        String unreach = "800F08 0002 01 4020010DB8";
        UpdateVerdict w = verdict("", unreach, "", CodecContext.MODERN);
        assertVerdict(w, ErrorAction.SESSION_RESET, 9);
        assertArrayEquals(Bytes.hex(unreach.replace(" ", "")), w.error().orElseThrow().data());
    }

    @Test
    void strongestActionWinsAndAllErrorsAreListed() {
        // a discard (ATOMIC_AGGREGATE length 1), a withdraw (MED length 3) and a reset (NLRI /33)
        UpdateVerdict v = verdict(ORIGIN + AS_PATH + NEXT_HOP + "40060100 800403000000", "217F00000100");
        assertTrue(v.isSessionReset());
        assertEquals(3, v.errors().size());
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, v.errors().get(0).action());
        UpdateVerdict w = verdict(ORIGIN + AS_PATH + NEXT_HOP + "40060100 800403000000", NLRI);
        assertTrue(w.isTreatAsWithdraw());
    }

    @Test
    void unknownOptionalAttributesNeverCauseAnError() {
        String base = ORIGIN + AS_PATH + NEXT_HOP;
        assertTrue(verdict(base + "C0FE04DEADBEEF", NLRI).isOk());
        assertTrue(verdict(base + "E0FE00", NLRI).isOk());
        assertTrue(verdict(base + "80FD04DEADBEEF", NLRI).isOk());
    }

    @Test
    void malformedAs4PathIsDiscardedOnTwoOctetSessionsAndIgnoredOnFourOctetOnes() {
        // RFC 6793 §6: a malformed AS4_PATH (segment type 0) is discarded; the route keeps its AS_PATH
        String as4 = "C01106000100010001";
        String attrs = ORIGIN + "400204 0201 FDE9" + NEXT_HOP + as4;
        UpdateVerdict v = verdict("", attrs, NLRI, CodecContext.RFC4271);
        assertVerdict(v, ErrorAction.ATTRIBUTE_DISCARD, Subcodes.Update.MALFORMED_AS_PATH);
        assertTrue(v.isDiscarded(AttributeType.AS4_PATH));
        // between 4-octet speakers AS4_PATH is not used (RFC 6793 §4.2.2) but still judged, so discarded too
        assertTrue(verdict(ORIGIN + AS_PATH + NEXT_HOP + as4, NLRI).isDiscarded(AttributeType.AS4_PATH));
    }

    @Test
    void as4PathWithConfedSegmentsKeepsTheSession() {
        // RFC 6793 §6: confederation segments in AS4_PATH are discarded, the rest is used; not an error
        String attrs = ORIGIN + "400206 0202 FDE9 5BA0" + NEXT_HOP + "C0110C 0301 0000FDF2 0201 FA56EA00";
        ByteBuf buf = Bytes.buf(Bytes.update("", attrs, NLRI));
        try {
            UpdateView view = new UpdateView().wrap(buf, CodecContext.RFC4271);
            assertTrue(new UpdateValidator().validate(view).isOk());
            assertEquals("65001 4200000000", view.asPath().toString());
        } catch (BgpDecodeException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }
}
