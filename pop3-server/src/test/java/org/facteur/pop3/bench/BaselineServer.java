package org.facteur.pop3.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;

import org.facteur.pop3.transfer.MultiLineStream;

/**
 * The benchmark's yardstick: the same dialogue and the same bytes over the same TLS (the JDK's
 * SSLEngine under Netty's SslHandler, TLS 1.3) with as many Netty I/O threads as the POP3 server
 * has by default, answering every RETR with one message held in memory, already byte-stuffed, in
 * one write. No store, no file, no James: what is left is the cost of TLS, sockets and Netty,
 * which the POP3 server's rate is divided by. Equal thread counts matter on a loaded machine,
 * where each runnable thread gets its share of the CPU.
 */
final class BaselineServer implements AutoCloseable {

    private static final byte[] GREETING = "+OK ready\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BYE = "+OK bye\r\n".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2 * Runtime.getRuntime().availableProcessors());
    private final Channel listener;
    private final byte[] retrReply;

    BaselineServer(SSLContext context, byte[] message) throws IOException, InterruptedException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.write(("+OK " + message.length + " octets\r\n").getBytes(StandardCharsets.US_ASCII));
        MultiLineStream.whole(new ByteArrayInputStream(message)).transferTo(reply);
        retrReply = reply.toByteArray();
        listener = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine engine = context.createSSLEngine();
                        engine.setUseClientMode(false);
                        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
                        ch.pipeline().addLast(new SslHandler(engine), new LineBasedFrameDecoder(8192), new Dialogue());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Greets, answers RETR with the message, QUIT with a goodbye and a close, anything else with +OK. */
    private final class Dialogue extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(GREETING));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String command = line.toString(StandardCharsets.US_ASCII);
            if (command.startsWith("RETR")) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(retrReply));
            } else if (command.startsWith("QUIT")) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(BYE)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(OK));
            }
        }
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully();
    }
}
