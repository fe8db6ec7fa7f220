package dev.jbgp.bench;

import dev.jbgp.rib.Rib;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.UpdateOutcome;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import io.netty.buffer.ByteBuf;

/**
 * Feeds an UPDATE stream (concatenated framed messages) into one peer's Adj-RIB-In the way a session
 * does: per message {@link UpdateView#wrap}, {@link UpdateValidator#validate}, then
 * {@code rib.adjRibIn(peer).apply(view, verdict)}. Reusable, not thread-safe; the stream is owned by
 * the caller and only read (its reader index is restored).
 */
public final class StreamFeeder {

    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();
    private final CodecContext ctx;

    /** A feeder for sessions with this context. */
    public StreamFeeder(CodecContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Applies every message of {@code stream} to {@code peer}'s Adj-RIB-In.
     *
     * @return the number of prefixes announced plus withdrawn
     */
    public long feed(Rib rib, PeerId peer, ByteBuf stream) throws BgpDecodeException {
        var in = rib.adjRibIn(peer);
        int end = stream.writerIndex();
        int start = stream.readerIndex();
        long n = 0;
        for (int pos = start; pos < end; ) {
            stream.readerIndex(pos);
            view.wrap(stream, ctx);
            pos += view.messageLength();
            UpdateOutcome o = in.apply(view, validator.validate(view));
            n += o.announced() + o.withdrawn();
        }
        stream.readerIndex(start);
        return n;
    }
}
