package org.facteur.imap.protocol;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's half of COMPRESS=DEFLATE (RFC 4978): inflates the raw DEFLATE stream the client
 * sends after COMPRESS into the plain bytes the {@link CommandDecoder} reads.
 *
 * <p>Inflated bytes are handed on one chunk at a time, and only while the channel reads
 * (auto-read on): when the decoder stops reading (its session is behind, or it waits after
 * IDLE or AUTHENTICATE), the rest stays compressed here until the next read. A few kilobytes of
 * deflate can inflate to megabytes; this keeps them from piling up in the decoder.
 *
 * <p>A stream that does not inflate cannot be answered in step (nothing after it can be
 * framed), so the connection is closed.
 */
public final class InflateDecoder extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InflateDecoder.class);
    private static final int CHUNK = 16 * 1024;

    private final Inflater inflater = new Inflater(true);
    /** Compressed bytes received and not yet given to the inflater. */
    private ByteBuf pending;
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (ended) {
            in.release();
            return;
        }
        if (pending == null) {
            pending = in;
        } else {
            ByteBuf joined = ctx.alloc().heapBuffer(pending.readableBytes() + in.readableBytes());
            joined.writeBytes(pending).writeBytes(in);
            pending.release();
            in.release();
            pending = joined;
        }
        inflate(ctx);
    }

    /** The channel is asked to read (auto-read back on): first hand on what is already here. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        inflate(ctx);
        if (ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    private void inflate(ChannelHandlerContext ctx) {
        try {
            while (!ended && ctx.channel().config().isAutoRead()) {
                if (inflater.needsInput()) {
                    if (pending == null) {
                        return;
                    }
                    byte[] input = new byte[pending.readableBytes()];
                    pending.readBytes(input);
                    pending.release();
                    pending = null;
                    inflater.setInput(input);
                }
                ByteBuf out = ctx.alloc().heapBuffer(CHUNK, CHUNK);
                int n = inflater.inflate(out.array(), out.arrayOffset() + out.writerIndex(), CHUNK);
                if (n > 0) {
                    out.writerIndex(out.writerIndex() + n);
                    ctx.fireChannelRead(out);
                } else {
                    out.release();
                    if (!inflater.needsInput()) {
                        return; // the stream ended (or wants a dictionary): nothing more will come
                    }
                }
            }
        } catch (DataFormatException e) {
            LOG.info("imap.compression_error remote={} error={}", ctx.channel().remoteAddress(), e.getMessage());
            ended = true;
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended = true;
        inflater.end();
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
