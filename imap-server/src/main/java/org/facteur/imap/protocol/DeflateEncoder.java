package org.facteur.imap.protocol;

import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The server's half of COMPRESS=DEFLATE (RFC 4978): everything written after the tagged OK is
 * compressed into one raw DEFLATE stream (RFC 1951, no zlib header or checksum: RFC 4978 3).
 * Writes are compressed as they come; a flush of the channel, which the session does after every
 * response, is a sync flush of the stream, so an IDLE push or a tagged reply reaches the client
 * whole at once (RFC 4978 4). A large FETCH stays streamed: its chunks are compressed one by one
 * under the channel's write-buffer water marks.
 */
public final class DeflateEncoder extends ChannelOutboundHandlerAdapter {

    private static final int CHUNK = 16 * 1024;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private boolean ended;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            if (ended) {
                promise.tryFailure(new IllegalStateException("compression ended"));
                return;
            }
            deflater.setInput(in.nioBuffer());
            while (!deflater.needsInput()) {
                emit(ctx, Deflater.NO_FLUSH);
            }
            promise.trySuccess();
        } finally {
            in.release();
        }
    }

    /**
     * SYNC_FLUSH rather than FULL_FLUSH: both let the client decode all that was sent; a full
     * flush would also forget the dictionary, costing ratio to protect nothing that matters here.
     */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!ended) {
            while (emit(ctx, Deflater.SYNC_FLUSH) == CHUNK) {
                // A full chunk means the flush has more to give.
            }
        }
        ctx.flush();
    }

    /** Writes one chunk of compressed output; returns its length. */
    private int emit(ChannelHandlerContext ctx, int mode) {
        ByteBuf out = ctx.alloc().heapBuffer(CHUNK, CHUNK);
        int n = deflater.deflate(out.array(), out.arrayOffset() + out.writerIndex(), CHUNK, mode);
        if (n > 0) {
            out.writerIndex(out.writerIndex() + n);
            ctx.write(out, ctx.voidPromise());
        } else {
            out.release();
        }
        return n;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended = true;
        deflater.end();
    }
}
