package org.facteur.imap.session;

import java.io.IOException;
import java.io.OutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The response stream of a session, written by its worker thread: bytes gather in a buffer sent
 * to the channel when full or on {@link #flush}. A slow reader makes the writer wait (Netty's
 * write-buffer water marks) instead of piling a large FETCH up in memory.
 */
final class ChannelOutput extends OutputStream {

    private static final int CHUNK = 32 * 1024;
    private static final long WAIT_MILLIS = 1000;

    private final Channel channel;
    private final Object writable = new Object();
    private ByteBuf buffer;

    ChannelOutput(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        ensureBuffer(1);
        buffer.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ensureBuffer(1);
            int n = Math.min(len, buffer.writableBytes());
            buffer.writeBytes(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void ensureBuffer(int needed) throws IOException {
        if (buffer != null && buffer.writableBytes() >= needed) {
            return;
        }
        if (buffer != null) {
            send(false);
        }
        buffer = channel.alloc().buffer(CHUNK, CHUNK);
    }

    @Override
    public void flush() throws IOException {
        send(true);
    }

    private void send(boolean flush) throws IOException {
        if (buffer != null && buffer.isReadable()) {
            awaitWritable();
            ByteBuf out = buffer;
            buffer = null;
            if (flush) {
                channel.writeAndFlush(out, channel.voidPromise());
            } else {
                channel.write(out, channel.voidPromise());
            }
        } else if (flush) {
            channel.flush();
        }
    }

    private void awaitWritable() throws IOException {
        synchronized (writable) {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new IOException("connection closed");
                }
                channel.flush();
                try {
                    writable.wait(WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing");
                }
            }
        }
    }

    /** The channel's writability changed: a waiting writer may go on. */
    void writabilityChanged() {
        synchronized (writable) {
            writable.notifyAll();
        }
    }

    /** Drops unsent bytes (the connection is gone). */
    void discard() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
