package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.As4Path;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.AtomicAggregate;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.ClusterList;
import dev.jbgp.wire.attr.Communities;
import dev.jbgp.wire.attr.ExtendedCommunities;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.LocalPref;
import dev.jbgp.wire.attr.Med;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.attr.MpUnreachNlri;
import dev.jbgp.wire.attr.NextHop;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.OriginatorId;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a wrapped UPDATE by RFC 7606 (and RFC 4271 §6.3 where 7606 does not revise it): every
 * attribute's flags, length and value, duplicates, missing well-known attributes, and the syntax of
 * every NLRI field. The result is an {@link UpdateVerdict}; the strongest action wins (RFC 7606 §3 h).
 *
 * <p>The rules, each with its source:
 * <ul>
 *   <li>attribute field ends inside an attribute: treat-as-withdraw (§4);</li>
 *   <li>Optional / Transitive flags conflicting with the type, or Partial on a non-transitive
 *       attribute: treat-as-withdraw (§3 c), except AIGP, BGP Prefix-SID and BGP-LS, whose RFCs
 *       (7311 §4, 8669 §6, 9552 §6.3.2) say attribute discard; Attribute Flags Error;</li>
 *   <li>MP_REACH_NLRI / MP_UNREACH_NLRI twice: session reset, Malformed Attribute List (§3 g); any
 *       other attribute twice: attribute discard of the later ones (§3 g) — the view already indexes
 *       only the first, so the type is not listed in {@link UpdateVerdict#discardedAttributes()};</li>
 *   <li>ORIGIN, AS_PATH missing when NLRI are present, NEXT_HOP missing with NLRI in the body,
 *       LOCAL_PREF missing on iBGP: treat-as-withdraw, Missing Well-known Attribute (§3 d);</li>
 *   <li>per-attribute rules of §7 (see each reader in {@code dev.jbgp.wire.attr}); LOCAL_PREF from an
 *       external peer is discarded whatever it holds (§7.5); AS4_PATH / AS4_AGGREGATOR errors discard
 *       (RFC 6793 §6) — checked on every session, although a 4-octet session then ignores them
 *       (RFC 6793 §4.2.2);</li>
 *   <li>an unrecognised attribute without the Optional bit: session reset, Unrecognized Well-known
 *       Attribute (RFC 4271 §6.3, not revised by 7606); unrecognised optional ones are never an error;</li>
 *   <li>an NLRI field that is not syntactically correct: session reset (§5.3), Invalid Network Field in
 *       the body, Optional Attribute Error inside MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §7); a
 *       malformed MP_REACH_NLRI / MP_UNREACH_NLRI: session reset (§7.11).</li>
 * </ul>
 * The semantic checks that need local state (first AS = peer AS, next hop = own address, confederation
 * membership) are the RIB's.
 *
 * <p>The common case costs little: {@link UpdateView#wrap} already checked the flags and values of the
 * usual attributes by these rules in its indexing pass, and then checked (and decoded) the NLRI fields,
 * so a valid UPDATE made only of those needs no further look. Any other UPDATE is judged attribute by
 * attribute as listed above.
 *
 * <p>Reusable and allocation-free when the UPDATE is valid; not thread-safe. The view's buffer is not
 * retained or released.
 */
public final class UpdateValidator {

    private final AttributeCursor attrs = new AttributeCursor();
    private final NlriCursor nlri = new NlriCursor();
    private final long[] seen = new long[4];
    private final long[] discardedBits = new long[4];
    private List<BgpDecodeException> errors;
    private BgpDecodeException strongest;

    /** Judges the UPDATE the view wraps. */
    public UpdateVerdict validate(UpdateView view) {
        if (view.fastChecksPass()) {
            // the view checked every attribute by these rules while indexing, and the NLRI fields after them
            return UpdateVerdict.OK;
        }
        return validateFully(view);
    }

    /** Judges the UPDATE by the full rules, attribute by attribute (tests compare it with the fast path). */
    UpdateVerdict validateFully(UpdateView view) {
        errors = null;
        strongest = null;
        seen[0] = seen[1] = seen[2] = seen[3] = 0;
        discardedBits[0] = discardedBits[1] = discardedBits[2] = discardedBits[3] = 0;
        CodecContext ctx = view.context();
        ByteBuf buf = view.buffer();

        view.attributes(attrs);
        try {
            while (attrs.next()) {
                checkAttribute(ctx, buf);
            }
        } catch (BgpDecodeException e) {
            record(e, -1);
        }

        boolean reach = view.hasReachableNlri();
        if (reach) {
            requirePresent(view, AttributeType.ORIGIN);
            requirePresent(view, AttributeType.AS_PATH);
            if (view.nlriLength() > 0) {
                requirePresent(view, AttributeType.NEXT_HOP);
            }
            if (ctx.internalPeer()) {
                requirePresent(view, AttributeType.LOCAL_PREF);
            }
        }

        checkNlri(view.withdrawn(nlri));
        checkNlri(view.nlri(nlri));
        if (mpStructureOk(view, AttributeType.MP_REACH_NLRI) && view.mpReachNlri(nlri)) {
            checkMpNlri(view, AttributeType.MP_REACH_NLRI);
        }
        if (mpStructureOk(view, AttributeType.MP_UNREACH_NLRI) && view.mpUnreachNlri(nlri)) {
            checkMpNlri(view, AttributeType.MP_UNREACH_NLRI);
        }

        if (strongest == null) {
            return UpdateVerdict.OK;
        }
        return UpdateVerdict.of(strongest, errors, discardedTypes());
    }

    private boolean mpStructureOk(UpdateView view, int type) {
        int off = view.attributeValueOffset(type);
        if (off == UpdateView.ABSENT) {
            return false;
        }
        try {
            if (type == AttributeType.MP_REACH_NLRI) {
                MpReachNlri.validate(view.buffer(), off, view.attributeValueLength(type));
            } else {
                MpUnreachNlri.validate(view.attributeValueLength(type));
            }
            return true;
        } catch (BgpDecodeException e) {
            return false; // already recorded by checkAttribute
        }
    }

    private void checkNlri(NlriCursor c) {
        try {
            c.count();
        } catch (BgpDecodeException e) {
            record(e, -1);
        }
    }

    /**
     * NLRI inside MP_REACH_NLRI / MP_UNREACH_NLRI that cannot be parsed: Optional Attribute Error, whose
     * Data field is the attribute (type, length and value; RFC 4271 §6.3, RFC 4760 §7).
     */
    private void checkMpNlri(UpdateView view, int type) {
        try {
            nlri.count();
        } catch (BgpDecodeException e) {
            record(withAttributeData(e, view, type), -1);
        }
    }

    /** {@code e} with the first attribute of {@code type} as data (an error path: a second walk is fine). */
    private BgpDecodeException withAttributeData(BgpDecodeException e, UpdateView view, int type) {
        view.attributes(attrs);
        try {
            while (attrs.next()) {
                if (attrs.type() == type) {
                    return withData(e, view.buffer());
                }
            }
        } catch (BgpDecodeException ignored) {
            // the attribute was found before whatever follows it broke; not reached
        }
        return e;
    }

    private void requirePresent(UpdateView view, int type) {
        if (!view.hasAttribute(type)) {
            record(BgpDecodeException.treatAsWithdraw(Subcodes.Update.MISSING_WELL_KNOWN_ATTRIBUTE,
                    new byte[] {(byte) type}, "missing well-known attribute " + AttributeType.name(type)), -1);
        }
    }

    private void checkAttribute(CodecContext ctx, ByteBuf buf) {
        int type = attrs.type();
        long bit = 1L << (type & 63);
        int word = type >>> 6;
        if ((seen[word] & bit) != 0) {
            if (type == AttributeType.MP_REACH_NLRI || type == AttributeType.MP_UNREACH_NLRI) {
                record(BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR,
                        Subcodes.Update.MALFORMED_ATTRIBUTE_LIST, null,
                        AttributeType.name(type) + " appears more than once"), -1);
            } else {
                record(BgpDecodeException.attributeDiscard(Subcodes.Update.MALFORMED_ATTRIBUTE_LIST, null,
                        AttributeType.name(type) + " appears more than once; the later ones are discarded"), -1);
            }
            return;
        }
        seen[word] |= bit;

        if (type == AttributeType.LOCAL_PREF && !ctx.internalPeer()) {
            // RFC 7606 §7.5: from an external peer it is discarded, well-formed or not.
            record(BgpDecodeException.attributeDiscard(Subcodes.UNSPECIFIC, null,
                    "LOCAL_PREF from an external peer is discarded"), type);
            return;
        }

        int expected = expectedFlags(type);
        if (expected < 0) {
            if (!attrs.isOptional()) {
                record(withData(BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR,
                        Subcodes.Update.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, null,
                        "unrecognized well-known attribute type " + type), buf), -1);
            }
            return;
        }
        int f = attrs.flags();
        int mask = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE;
        boolean partialAllowed = expected == mask;
        if ((f & mask) != expected || (!partialAllowed && (f & AttributeCursor.FLAG_PARTIAL) != 0)) {
            String msg = AttributeType.name(type) + " flags 0x" + Integer.toHexString(f) + " conflict with its type";
            BgpDecodeException e = discardsOnError(type)
                    ? BgpDecodeException.attributeDiscard(Subcodes.Update.ATTRIBUTE_FLAGS_ERROR, null, msg)
                    : BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_FLAGS_ERROR, null, msg);
            record(withData(e, buf), type);
            if (type != AttributeType.MP_REACH_NLRI && type != AttributeType.MP_UNREACH_NLRI) {
                return;
            }
        }
        try {
            checkValue(type, buf, attrs.valueOffset(), attrs.valueLength(), ctx);
        } catch (BgpDecodeException e) {
            record(withData(e, buf), type);
        }
    }

    private static boolean discardsOnError(int type) {
        return type == AttributeType.AIGP || type == AttributeType.PREFIX_SID || type == BGP_LS;
    }

    /** RFC 9552 BGP-LS attribute type code. */
    private static final int BGP_LS = 29;
    /** RFC 5701 IPv6 Address Specific Extended Community attribute type code. */
    private static final int IPV6_EXTENDED_COMMUNITIES = 25;

    /** The Optional|Transitive bits a known attribute must carry, or -1 for a type not known here. */
    static int expectedFlags(int type) {
        int wellKnown = AttributeCursor.FLAG_TRANSITIVE;
        int optTrans = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE;
        int optNonTrans = AttributeCursor.FLAG_OPTIONAL;
        switch (type) {
            case AttributeType.ORIGIN:
            case AttributeType.AS_PATH:
            case AttributeType.NEXT_HOP:
            case AttributeType.LOCAL_PREF:
            case AttributeType.ATOMIC_AGGREGATE:
                return wellKnown;
            case AttributeType.AGGREGATOR:
            case AttributeType.COMMUNITIES:
            case AttributeType.EXTENDED_COMMUNITIES:
            case AttributeType.AS4_PATH:
            case AttributeType.AS4_AGGREGATOR:
            case AttributeType.PMSI_TUNNEL:
            case AttributeType.TUNNEL_ENCAPSULATION:
            case IPV6_EXTENDED_COMMUNITIES:
            case AttributeType.LARGE_COMMUNITY:
            case AttributeType.ONLY_TO_CUSTOMER:
            case AttributeType.PREFIX_SID:
                return optTrans;
            case AttributeType.MULTI_EXIT_DISC:
            case AttributeType.ORIGINATOR_ID:
            case AttributeType.CLUSTER_LIST:
            case AttributeType.MP_REACH_NLRI:
            case AttributeType.MP_UNREACH_NLRI:
            case AttributeType.AIGP:
            case BGP_LS:
                return optNonTrans;
            default:
                return -1;
        }
    }

    private static void checkValue(int type, ByteBuf buf, int off, int len, CodecContext ctx) throws BgpDecodeException {
        switch (type) {
            case AttributeType.ORIGIN: Origin.read(buf, off, len); break;
            case AttributeType.AS_PATH: AsPath.validate(buf, off, len, ctx.fourOctetAs()); break;
            case AttributeType.NEXT_HOP: NextHop.read(buf, off, len); break;
            case AttributeType.MULTI_EXIT_DISC: Med.read(buf, off, len); break;
            case AttributeType.LOCAL_PREF: LocalPref.read(buf, off, len); break;
            case AttributeType.ATOMIC_AGGREGATE: AtomicAggregate.check(len); break;
            case AttributeType.AGGREGATOR: Aggregator.read(buf, off, len, ctx.fourOctetAs()); break;
            case AttributeType.COMMUNITIES: Communities.count(len); break;
            case AttributeType.ORIGINATOR_ID: OriginatorId.read(buf, off, len); break;
            case AttributeType.CLUSTER_LIST: ClusterList.count(len); break;
            case AttributeType.MP_REACH_NLRI: MpReachNlri.validate(buf, off, len); break;
            case AttributeType.MP_UNREACH_NLRI: MpUnreachNlri.validate(len); break;
            case AttributeType.EXTENDED_COMMUNITIES: ExtendedCommunities.count(len); break;
            case AttributeType.AS4_PATH: As4Path.validate(buf, off, len); break;
            case AttributeType.AS4_AGGREGATOR: Aggregator.readAs4(buf, off, len); break;
            case AttributeType.LARGE_COMMUNITY: LargeCommunity.count(len); break;
            case IPV6_EXTENDED_COMMUNITIES:
                if (len == 0 || len % 20 != 0) {
                    // RFC 7606 §7.15 (updating RFC 5701)
                    throw lengthWithdraw("IPv6 Address Specific Extended Community length " + len
                            + " is not a non-zero multiple of 20");
                }
                break;
            case AttributeType.ONLY_TO_CUSTOMER:
                if (len != 4) {
                    // RFC 9234 §5: malformed OTC → treat-as-withdraw
                    throw lengthWithdraw("ONLY_TO_CUSTOMER length " + len + ", expected 4");
                }
                break;
            case AttributeType.PMSI_TUNNEL:
                if (len < 5) {
                    // RFC 6514 §5: flags, tunnel type and a 3-octet label at least; RFC 7606 §3 guideline
                    throw lengthWithdraw("PMSI_TUNNEL length " + len + " is shorter than its fixed fields");
                }
                break;
            case AttributeType.TUNNEL_ENCAPSULATION:
                checkTlvs(buf, off, len, 2, 2, "TUNNEL_ENCAPSULATION", false); // RFC 9012 §13: treat-as-withdraw
                break;
            case AttributeType.AIGP:
                checkAigp(buf, off, len);
                break;
            case AttributeType.PREFIX_SID:
                checkPrefixSid(buf, off, len);
                break;
            case BGP_LS:
                checkTlvs(buf, off, len, 2, 2, "BGP-LS", true); // RFC 9552 §6.3.2: attribute discard
                break;
            default:
                break;
        }
    }

    private static BgpDecodeException lengthWithdraw(String message) {
        return BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null, message);
    }

    /** Checks a value made of type(typeLen) length(lenLen) value TLVs ending exactly at the value end. */
    private static void checkTlvs(ByteBuf buf, int off, int len, int typeLen, int lenLen, String name, boolean discard)
            throws BgpDecodeException {
        int p = off;
        int end = off + len;
        if (len == 0) {
            throw tlvError(name + " is empty", discard);
        }
        while (p < end) {
            if (end - p < typeLen + lenLen) {
                throw tlvError(name + " ends inside a TLV header", discard);
            }
            int l = lenLen == 2 ? buf.getUnsignedShort(p + typeLen) : buf.getUnsignedByte(p + typeLen);
            p += typeLen + lenLen;
            if (l > end - p) {
                throw tlvError(name + " TLV of length " + l + " runs past the attribute", discard);
            }
            p += l;
        }
    }

    private static BgpDecodeException tlvError(String message, boolean discard) {
        return discard
                ? BgpDecodeException.attributeDiscard(Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR, null, message)
                : BgpDecodeException.treatAsWithdraw(Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR, null, message);
    }

    /** RFC 7311 §3–4: AIGP TLVs (type 1, length 11 including the header); anything malformed is discarded. */
    private static void checkAigp(ByteBuf buf, int off, int len) throws BgpDecodeException {
        int p = off;
        int end = off + len;
        if (len == 0) {
            throw tlvError("AIGP is empty", true);
        }
        while (p < end) {
            if (end - p < 3) {
                throw tlvError("AIGP ends inside a TLV header", true);
            }
            int t = buf.getUnsignedByte(p);
            int l = buf.getUnsignedShort(p + 1);
            if (l < 3 || l > end - p) {
                throw tlvError("AIGP TLV length " + l + " is invalid", true);
            }
            if (t == 1 && l != 11) {
                throw tlvError("AIGP metric TLV length " + l + ", expected 11", true);
            }
            if (t != 1) {
                throw tlvError("AIGP TLV type " + t + " is not the metric TLV", true);
            }
            p += l;
        }
    }

    /** RFC 8669 §3–6: Prefix-SID TLVs type(1) length(2); Label-Index value is 7 octets; errors discard. */
    private static void checkPrefixSid(ByteBuf buf, int off, int len) throws BgpDecodeException {
        int p = off;
        int end = off + len;
        if (len == 0) {
            throw tlvError("BGP Prefix-SID is empty", true);
        }
        while (p < end) {
            if (end - p < 3) {
                throw tlvError("BGP Prefix-SID ends inside a TLV header", true);
            }
            int t = buf.getUnsignedByte(p);
            int l = buf.getUnsignedShort(p + 1);
            p += 3;
            if (l > end - p) {
                throw tlvError("BGP Prefix-SID TLV of length " + l + " runs past the attribute", true);
            }
            if (t == 1 && l != 7) {
                throw tlvError("BGP Prefix-SID Label-Index TLV length " + l + ", expected 7", true);
            }
            if (t == 3 && (l < 2 || (l - 2) % 6 != 0)) {
                throw tlvError("BGP Prefix-SID Originator SRGB TLV length " + l + " is invalid", true);
            }
            p += l;
        }
    }

    private BgpDecodeException withData(BgpDecodeException e, ByteBuf buf) {
        byte[] data = new byte[attrs.totalLength()];
        buf.getBytes(attrs.offset(), data);
        switch (e.action()) {
            case SESSION_RESET:
                return BgpDecodeException.sessionReset(e.code(), e.subcode(), data, e.getMessage());
            case TREAT_AS_WITHDRAW:
                return BgpDecodeException.treatAsWithdraw(e.subcode(), data, e.getMessage());
            default:
                return BgpDecodeException.attributeDiscard(e.subcode(), data, e.getMessage());
        }
    }

    private void record(BgpDecodeException e, int discardedType) {
        if (errors == null) {
            errors = new ArrayList<>(4);
        }
        errors.add(e);
        if (strongest == null || e.action().compareTo(strongest.action()) > 0) {
            strongest = e;
        }
        if (e.action() == ErrorAction.ATTRIBUTE_DISCARD && discardedType >= 0) {
            discardedBits[discardedType >>> 6] |= 1L << (discardedType & 63);
        }
    }

    private int[] discardedTypes() {
        int n = 0;
        for (long w : discardedBits) {
            n += Long.bitCount(w);
        }
        int[] out = new int[n];
        int i = 0;
        for (int t = 0; t < 256; t++) {
            if ((discardedBits[t >>> 6] & (1L << (t & 63))) != 0) {
                out[i++] = t;
            }
        }
        return out;
    }
}
