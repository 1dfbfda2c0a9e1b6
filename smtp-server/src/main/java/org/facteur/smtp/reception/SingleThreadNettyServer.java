package org.facteur.smtp.reception;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.AbstractSSLAwareChannelPipelineFactory;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.socket.SocketChannel;

/**
 * James's Netty server with the pipeline James 3.8.1's {@code NettyServer} builds, except that
 * the framer runs on the connection's own I/O thread like every other handler.
 *
 * <p>{@code NettyServer} runs the framer on a separate {@code DefaultEventLoopGroup}, which hands
 * each frame to the I/O thread through an unbounded task queue: a fast client's message data
 * then piles up in memory faster than it is written to the spool, with nothing to slow the
 * socket down (10 clients sending 25 MB at once exhausted a 256 MB heap's direct memory in the
 * SMTP benchmark). With one thread per connection, a frame is spooled before the next bytes are
 * read, so TCP flow control holds the client back; and the framer, the handlers and the
 * {@link Committer}'s hand-back all see one thread, with no ordering races.
 *
 * <p>Replies written while a read is handled are flushed once, when the read is done
 * ({@link FlushConsolidationHandler}): James flushes every reply, so a pipelined
 * {@code MAIL}/{@code RCPT}/{@code DATA} group (RFC 2920) cost three socket writes and three
 * wake-ups of the client; now one. A reply written outside a read (the {@code 250} after a
 * commit) is flushed at once.
 */
final class SingleThreadNettyServer extends AbstractAsyncServer {

    private static final String FLUSHES = "flushConsolidation";

    private final Protocol protocol;
    private final Encryption secure;
    private final ChannelHandlerFactory framer;

    SingleThreadNettyServer(Protocol protocol, Encryption secure, ChannelHandlerFactory framer) {
        this.protocol = protocol;
        this.secure = secure;
        this.framer = framer;
    }

    @Override
    protected ChannelInitializer<SocketChannel> createPipelineFactory() {
        // No James connection limits (ConnectionGate applies the shared ones); a null executor
        // group: the framer runs on the channel's event loop.
        return new AbstractSSLAwareChannelPipelineFactory<>(getTimeout(), 0, 0, false, () -> secure, framer, null) {
            @Override
            public void initChannel(SocketChannel channel) throws Exception {
                super.initChannel(channel);
                channel.pipeline().addFirst(FLUSHES, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
            }

            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return new BasicChannelInboundHandler(new ProtocolMDCContextFactory.Standard(), protocol, secure, false);
            }
        };
    }
}
