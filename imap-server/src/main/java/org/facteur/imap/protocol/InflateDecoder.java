package org.facteur.imap.protocol;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's half of COMPRESS=DEFLATE (RFC 4978): inflates the raw DEFLATE stream the client
 * sends after COMPRESS into the plain bytes the {@link CommandDecoder} reads. A stream that does
 * not inflate cannot be answered in step (nothing after it can be framed), so the connection is
 * closed.
 */
public final class InflateDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InflateDecoder.class);
    private static final int CHUNK = 16 * 1024;

    private final Inflater inflater = new Inflater(true);
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (ended) {
                return;
            }
            inflater.setInput(in.nioBuffer());
            while (true) {
                ByteBuf out = ctx.alloc().heapBuffer(CHUNK, CHUNK);
                int n = inflater.inflate(out.array(), out.arrayOffset() + out.writerIndex(), CHUNK);
                if (n > 0) {
                    out.writerIndex(out.writerIndex() + n);
                    ctx.fireChannelRead(out);
                } else {
                    out.release();
                }
                if (n < CHUNK) { // the inflater needs more input (or the stream ended)
                    break;
                }
            }
        } catch (DataFormatException e) {
            LOG.info("imap.compression_error remote={} error={}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended = true;
        inflater.end();
    }
}
