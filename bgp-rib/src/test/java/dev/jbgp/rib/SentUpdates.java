package dev.jbgp.rib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.As4Path;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test helper: the IPv4 UPDATEs we would send a peer for an Adj-RIB-Out's changes or whole table,
 * encoded as the speaker encodes them (bgp-fsm's {@code OutboundWork}: {@link WireAttributes#write} plus
 * {@link UpdateBuilder}; a table dump: {@link Ipv4Announcements#writeUpdate}), and what bgp-wire's
 * decoder in the peer's context reads back from those bytes. Every buffer is released before a method
 * returns; the results are plain values.
 */
final class SentUpdates {

    /**
     * One decoded UPDATE.
     *
     * @param nlri        the NLRI field
     * @param attributes  the attributes as a receiver sees them (AS4_PATH reconciled on a 2-octet session)
     * @param asPathField the AS_PATH attribute as it is on the wire (AS_TRANS where a 4-octet AS stood)
     * @param as4PathField the AS4_PATH attribute as it is on the wire, if present
     * @param as4PathFlags the flags octet of AS4_PATH, or {@link UpdateView#ABSENT}
     * @param aggregatorField the AGGREGATOR attribute as it is on the wire, if present
     * @param as4AggregatorField the AS4_AGGREGATOR attribute as it is on the wire, if present
     * @param verdict     what bgp-wire's validator says of the message in the receiver's context
     */
    record Decoded(List<Prefix> nlri, dev.jbgp.wire.attr.PathAttributes attributes, AsPath asPathField,
                   Optional<AsPath> as4PathField, int as4PathFlags, Optional<Aggregator> aggregatorField,
                   Optional<Aggregator> as4AggregatorField, UpdateVerdict verdict) {
    }

    private SentUpdates() {
    }

    /** The announcements of {@code u}, one or more UPDATEs per batch, decoded in {@code ctx}. */
    static List<Decoded> announcements(OutboundUpdates u, CodecContext ctx) throws BgpDecodeException {
        List<Decoded> out = new ArrayList<>();
        UpdateBuilder builder = new UpdateBuilder(ctx);
        for (UpdateBatch batch : u.announcements()) {
            List<Ipv4Prefix> prefixes = new ArrayList<>();
            for (Prefix p : batch.prefixes()) {
                prefixes.add((Ipv4Prefix) p);
            }
            ByteBuf block = Unpooled.buffer();
            try {
                WireAttributes.write(batch.attributes(), block, ctx);
                for (int from = 0; from < prefixes.size(); ) {
                    ByteBuf message = Unpooled.buffer();
                    try {
                        int next = builder.announceIpv4(message, block, prefixes, new int[0], from);
                        assertTrue(next > from, "an UPDATE took no prefix");
                        from = next;
                        out.add(decode(message, ctx));
                    } finally {
                        message.release();
                    }
                }
            } finally {
                block.release();
            }
        }
        return out;
    }

    /** The whole table of {@code group} as a joining peer gets it ({@link AdjRibOut#ipv4Announcements}), decoded. */
    static List<Decoded> tableDump(AdjRibOut group, CodecContext ctx) throws BgpDecodeException {
        List<Decoded> out = new ArrayList<>();
        UpdateBuilder builder = new UpdateBuilder(ctx);
        Ipv4Announcements table = group.ipv4Announcements(ctx);
        for (int s = 0; s < table.sets(); s++) {
            for (int i = table.start(s); i < table.end(s); ) {
                ByteBuf message = Unpooled.buffer();
                try {
                    int next = table.writeUpdate(s, i, builder, message);
                    assertTrue(next > i, "an UPDATE took no prefix");
                    i = next;
                    out.add(decode(message, ctx));
                } finally {
                    message.release();
                }
            }
        }
        return out;
    }

    /** The UPDATEs by announced prefix. */
    static Map<Prefix, Decoded> byPrefix(List<Decoded> updates) {
        Map<Prefix, Decoded> out = new LinkedHashMap<>();
        for (Decoded d : updates) {
            for (Prefix p : d.nlri()) {
                out.put(p, d);
            }
        }
        return out;
    }

    /** Decodes one framed UPDATE (the caller owns and releases {@code message}). */
    static Decoded decode(ByteBuf message, CodecContext ctx) throws BgpDecodeException {
        UpdateView view = new UpdateView().wrap(message, ctx);
        UpdateVerdict verdict = new UpdateValidator().validate(view);
        List<Prefix> nlri = new ArrayList<>();
        NlriCursor c = view.nlri(new NlriCursor());
        while (c.next()) {
            nlri.add(c.toPrefix());
        }
        dev.jbgp.wire.attr.PathAttributes attributes = dev.jbgp.wire.attr.PathAttributes.read(message,
                view.pathAttributesOffset(), view.pathAttributesLength(), ctx);
        AsPath asPath = AsPath.decode(message, view.attributeValueOffset(AttributeType.AS_PATH),
                view.attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
        Optional<AsPath> as4 = view.hasAttribute(AttributeType.AS4_PATH)
                ? Optional.of(As4Path.decode(message, view.attributeValueOffset(AttributeType.AS4_PATH),
                        view.attributeValueLength(AttributeType.AS4_PATH)))
                : Optional.empty();
        Optional<Aggregator> aggregator = view.hasAttribute(AttributeType.AGGREGATOR)
                ? Optional.of(Aggregator.read(message, view.attributeValueOffset(AttributeType.AGGREGATOR),
                        view.attributeValueLength(AttributeType.AGGREGATOR), ctx.fourOctetAs()))
                : Optional.empty();
        Optional<Aggregator> as4Aggregator = view.hasAttribute(AttributeType.AS4_AGGREGATOR)
                ? Optional.of(Aggregator.readAs4(message, view.attributeValueOffset(AttributeType.AS4_AGGREGATOR),
                        view.attributeValueLength(AttributeType.AS4_AGGREGATOR)))
                : Optional.empty();
        return new Decoded(List.copyOf(nlri), attributes, asPath, as4, view.attributeFlags(AttributeType.AS4_PATH),
                aggregator, as4Aggregator, verdict);
    }
}
