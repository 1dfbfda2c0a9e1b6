package org.facteur.imap.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;

import org.facteur.tls.TlsMaterial;

/**
 * The yardstick the IMAP figures are divided by: a server that replays, over the same TLS (the
 * same certificate, policy and Netty SslHandler) with as many I/O threads, the bytes our server
 * sent to each kind of command, captured from it once at the start of the run, from memory. No
 * parsing beyond the verb, no store, no session: what it costs is sockets, TLS and Netty, so
 * the ratio says what our server adds to them on this machine at this moment.
 */
final class BaselineServer implements AutoCloseable {

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup io;
    private final Channel listener;
    private final byte[] greeting;
    private final Map<String, byte[]> untaggedByVerb;

    /**
     * @param untaggedByVerb the untagged responses to send before the tagged OK, by verb
     *     ({@code SELECT}, {@code UID FETCH}...); other verbs get the tagged OK alone
     */
    BaselineServer(TlsMaterial tls, int ioThreads, String greeting, Map<String, byte[]> untaggedByVerb)
            throws InterruptedException {
        this.greeting = greeting.getBytes(StandardCharsets.US_ASCII);
        this.untaggedByVerb = Map.copyOf(untaggedByVerb);
        io = new NioEventLoopGroup(ioThreads);
        listener = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SslHandler(tls.newServerEngine()), new LineBasedFrameDecoder(8192),
                                new Replay());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The verb of a command line without its tag: {@code UID FETCH}, {@code SELECT}... */
    static String verb(String commandWithoutTag) {
        String[] words = commandWithoutTag.split(" ", 3);
        String verb = words[0].toUpperCase(Locale.ROOT);
        return verb.equals("UID") && words.length > 1 ? "UID " + words[1].toUpperCase(Locale.ROOT) : verb;
    }

    private final class Replay extends SimpleChannelInboundHandler<ByteBuf> {
        private String idleTag;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(greeting));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            String line = frame.toString(StandardCharsets.US_ASCII);
            if (idleTag != null) {
                ctx.writeAndFlush(ascii(idleTag + " OK IDLE terminated\r\n"));
                idleTag = null;
                return;
            }
            int space = line.indexOf(' ');
            String tag = line.substring(0, space);
            String verb = verb(line.substring(space + 1));
            switch (verb) {
                case "IDLE" -> {
                    idleTag = tag;
                    ctx.writeAndFlush(ascii("+ idling\r\n"));
                }
                case "LOGOUT" -> ctx.writeAndFlush(ascii("* BYE logging out\r\n" + tag + " OK LOGOUT completed\r\n"))
                        .addListener(ChannelFutureListener.CLOSE);
                default -> {
                    byte[] untagged = untaggedByVerb.get(verb);
                    if (untagged != null) {
                        ctx.write(Unpooled.wrappedBuffer(untagged));
                    }
                    ctx.writeAndFlush(ascii(tag + " OK " + verb + " completed\r\n"));
                }
            }
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully();
        io.shutdownGracefully();
    }
}
