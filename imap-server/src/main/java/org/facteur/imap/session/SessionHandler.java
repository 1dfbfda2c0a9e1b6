package org.facteur.imap.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

import org.facteur.imap.protocol.ClientInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a connection's pipeline: hands decoded input and channel events to the session. */
public final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final ImapSession session;

    public SessionHandler(ImapSession session) {
        this.session = session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.opened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.onInput((ClientInput) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.onIdleTimeout();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS handshake failures and resets: the client is gone or never spoke IMAP.
        LOG.debug("imap.connection_error remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
