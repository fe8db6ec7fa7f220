package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;

/**
 * Runs every decoding entry point of the UPDATE path over one buffer: view, validator, all cursors,
 * the value decoders and the forwarding copy. Anything but a {@link BgpDecodeException} escaping is a
 * bug; the caller keeps ownership of {@code buf}.
 */
final class FuzzTarget {

    private FuzzTarget() {
    }

    static void exercise(ByteBuf buf, CodecContext ctx) {
        UpdateView view = new UpdateView();
        try {
            view.wrap(buf, ctx);
        } catch (BgpDecodeException e) {
            return;
        }
        UpdateVerdict verdict = new UpdateValidator().validate(view);
        NlriCursor c = new NlriCursor();
        if (verdict.isOk()) {
            sameEntries(view.withdrawn(c), buf, view.withdrawnRoutesOffset(), view.withdrawnRoutesLength(), ctx);
            sameEntries(view.nlri(c), buf, view.nlriOffset(), view.nlriLength(), ctx);
        }
        drain(view.withdrawn(c));
        drain(view.nlri(c));
        if (view.mpReachNlri(c)) {
            drain(c);
        }
        if (view.mpUnreachNlri(c)) {
            drain(c);
        }
        AttributeCursor a = view.attributes(new AttributeCursor());
        try {
            while (a.next()) {
                a.value();
            }
        } catch (BgpDecodeException e) {
            // expected for truncated attribute fields
        }
        view.isEndOfRib();
        view.hasReachableNlri();
        if (verdict.isOk() || !verdict.isSessionReset() && !verdict.isTreatAsWithdraw()) {
            // the decision-field getters are specified for UPDATEs the validator let through
            view.origin();
            view.med();
            view.localPref();
            view.nextHop();
            view.asPathHopCount();
            view.asPathFirstAs();
            view.asPathContains(65001);
            view.clusterListLength();
            view.originatorId();
        }
        try {
            view.asPath();
        } catch (BgpDecodeException e) {
            // malformed AS_PATH
        }
        try {
            PathAttributes.read(buf, view.pathAttributesOffset(), view.pathAttributesLength(), ctx);
        } catch (BgpDecodeException e) {
            // malformed attribute
        }
        ByteBuf out = RandomUpdates.scratch();
        try {
            UpdateBuilder.writeReceivedAttributes(view, out, t -> t < 20);
        } catch (BgpDecodeException e) {
            // truncated attribute field
        } finally {
            out.release();
        }
    }

    /**
     * The cursor the view positioned over a field of a valid UPDATE (possibly over the entries the
     * validator decoded) returns what a cursor parsing the field's octets returns.
     */
    private static void sameEntries(NlriCursor fromView, ByteBuf buf, int offset, int length, CodecContext ctx) {
        NlriCursor parsed = new NlriCursor().reset(buf, offset, length, Afi.IPV4, ctx.receivesIpv4PathIds());
        try {
            while (parsed.next()) {
                if (!fromView.next() || fromView.ipv4Address() != parsed.ipv4Address()
                        || fromView.length() != parsed.length() || fromView.pathId() != parsed.pathId()
                        || fromView.entryOffset() != parsed.entryOffset()) {
                    throw new AssertionError("the view's cursor differs from parsing at offset " + parsed.entryOffset());
                }
            }
            if (fromView.next()) {
                throw new AssertionError("the view's cursor has more entries than the field at " + offset);
            }
        } catch (BgpDecodeException e) {
            throw new AssertionError("a field of an UPDATE the validator passed does not parse", e);
        }
    }

    private static void drain(NlriCursor c) {
        try {
            while (c.next()) {
                c.toPrefix();
            }
        } catch (BgpDecodeException e) {
            // syntax error in the field
        }
    }
}
