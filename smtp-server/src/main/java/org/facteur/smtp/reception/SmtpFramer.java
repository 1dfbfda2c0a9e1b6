package org.facteur.smtp.reception;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * Splits the byte stream into what the SMTP handlers read.
 *
 * <p>Commands: James's line framer, unchanged (it refuses commands pipelined after STARTTLS, and
 * a line longer than {@link #MAX_COMMAND_LINE} is discarded and answered {@code 500} by James,
 * the session going on).
 *
 * <p>Message data (between {@code 354} and the final dot): frames of whole lines (see
 * {@link #dataFrame}), or of {@link #DATA_CHUNK} octets when a line is longer, so that no line of
 * the message is ever dropped or held whole; {@link DataReceiver} decides what ends a line and
 * what ends the data.
 * James's framer would instead discard a long data line and answer {@code 500} in the middle of
 * the message, and would look for STARTTLS injections in the message text.
 *
 * <p>Timeouts (RFC 5321 4.5.3.2): the framer sees every byte arrive, so it also closes a silent
 * session, after {@code 421 4.4.2}: waiting for a command, after the command timeout (4.5.3.2.7,
 * 5 minutes by default); inside DATA or a BDAT chunk, after the data timeout (the client's data
 * block timeout of 4.5.3.2.5, 3 minutes). No timeout runs while we commit a message: then the
 * client is waiting for us (its DATA termination timeout of 4.5.3.2.6 is 10 minutes; a commit
 * takes milliseconds). James's own idle handler is switched off: it closes without a reply and
 * knows nothing of DATA.
 */
final class SmtpFramer extends AllButStartTlsLineBasedChannelHandler {

    /** RFC 5321 4.5.3.1.4 asks for 512; extensions make commands longer. */
    static final int MAX_COMMAND_LINE = 8192;
    static final int DATA_CHUNK = 8192;

    private final ChannelPipeline pipeline;
    private final long commandTimeoutNanos;
    private final long dataTimeoutNanos;
    private SessionState state;
    /** When bytes last arrived (the framer's executor only). */
    private long lastRead;
    /** Octets still owed by the last BDAT command (RFC 3030), passed on as they are. */
    private long chunkRemaining;
    /** The next idle check, on the event loop; null once the channel is closed. */
    private ScheduledFuture<?> timeoutCheck;

    SmtpFramer(ChannelPipeline pipeline, Duration commandTimeout, Duration dataTimeout) {
        super(pipeline, MAX_COMMAND_LINE, false, "starttls");
        this.pipeline = pipeline;
        this.commandTimeoutNanos = commandTimeout.toNanos();
        this.dataTimeoutNanos = dataTimeout.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastRead = System.nanoTime();
        scheduleTimeout(ctx, checkInterval());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastRead = System.nanoTime();
        super.channelRead(ctx, msg);
    }

    /** Frames what arrived during a commit (see {@link Committer}); on the event loop. */
    void resume() throws Exception {
        ChannelHandlerContext ctx = pipeline.context(this);
        if (ctx != null && ctx.channel().isActive()) {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        }
    }

    /**
     * The session may enter DATA between two checks, and the data timeout is the shorter one:
     * checking at its pace keeps a silent client inside DATA from getting the command timeout.
     */
    private long checkInterval() {
        return Math.min(commandTimeoutNanos, dataTimeoutNanos);
    }

    private void scheduleTimeout(ChannelHandlerContext ctx, long nanos) {
        timeoutCheck = ctx.executor().schedule(() -> checkTimeout(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Cancels the pending check: it holds the channel, its pipeline and its buffers until it
     * fires, so each closed session would stay in the heap for up to the timeout (minutes).
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
            timeoutCheck = null;
        }
        super.channelInactive(ctx);
    }

    private void checkTimeout(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean inData = chunkRemaining > 0 || state != null && state.receivingData;
        long limit = inData ? dataTimeoutNanos : commandTimeoutNanos;
        long idle = System.nanoTime() - lastRead;
        if (state != null && state.committing) {
            lastRead = System.nanoTime(); // the client waits for our reply: its silence is no fault
            scheduleTimeout(ctx, checkInterval());
        } else if (idle < limit) {
            scheduleTimeout(ctx, Math.min(limit - idle, checkInterval()));
        } else if (retrieveSession(ctx) instanceof ProtocolSessionImpl session) {
            session.getProtocolTransport().writeResponse(Replies.timeout(), session); // and closes
        } else {
            ctx.close();
        }
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        if (state != null && state.committing) {
            // Frame nothing behind a message being committed: the bytes wait here until
            // resume(), so whatever they provoke (even a refused STARTTLS injection) is
            // answered after the message's reply, in the client's order.
            return null;
        }
        if (chunkRemaining > 0) {
            int n = (int) Math.min(Math.min(chunkRemaining, buffer.readableBytes()), DATA_CHUNK);
            if (n == 0) {
                return null;
            }
            chunkRemaining -= n;
            return buffer.readRetainedSlice(n);
        }
        if (receivingData(ctx)) {
            return dataFrame(buffer);
        }
        Object frame = super.decode(ctx, buffer);
        if (frame instanceof ByteBuf line && state != null) {
            if (isDataCommand(line)) {
                // Frame what follows DATA as data at once, even if the client does not wait for 354
                // (RFC 2920 says it must): the DATA handler turns this off again if it refuses DATA.
                state.receivingData = true;
            } else if (line.readableBytes() > 5 && line.readableBytes() < 64) {
                Bdat.parseLine(line.toString(java.nio.charset.StandardCharsets.US_ASCII))
                        .ifPresent(bdat -> chunkRemaining = bdat.size());
            }
        }
        return frame;
    }

    /**
     * The next frame of message data: the complete lines at hand, up to {@link #DATA_CHUNK}
     * octets, or a {@link #DATA_CHUNK} piece of a longer line; null until one is there. A frame
     * holds many lines because each frame costs a pass through James's handler (its logging
     * context, a copy of the bytes, a read-complete event down the pipeline).
     *
     * <p>A line that starts with a period and not with two is where the data may end
     * ({@code .<CRLF>}), so it always starts a frame and is alone in it: the bytes after the
     * end of the data are commands, and must never be read as part of a data frame. A line
     * starting with two periods is a stuffed line of text; {@link DataReceiver} unstuffs it.
     */
    private static ByteBuf dataFrame(ByteBuf buffer) {
        if (!buffer.isReadable()) {
            return null;
        }
        int start = buffer.readerIndex();
        int limit = start + Math.min(buffer.readableBytes(), DATA_CHUNK);
        boolean alone = mayEndData(buffer, start, limit);
        int end = -1;
        for (int pos = start; pos < limit; ) {
            int lf = buffer.indexOf(pos, limit, (byte) '\n');
            if (lf < 0) {
                break;
            }
            end = lf + 1;
            if (alone || mayEndData(buffer, end, limit)) {
                break;
            }
            pos = end;
        }
        if (end > 0) {
            return buffer.readRetainedSlice(end - start);
        }
        if (buffer.readableBytes() >= DATA_CHUNK) {
            return buffer.readRetainedSlice(DATA_CHUNK);
        }
        return null;
    }

    /** Whether the line at {@code at} may be the end of the data, or cannot be told yet. */
    private static boolean mayEndData(ByteBuf buffer, int at, int limit) {
        return at + 1 >= limit || buffer.getByte(at) == '.' && buffer.getByte(at + 1) != '.';
    }

    private static boolean isDataCommand(ByteBuf line) {
        int n = line.readableBytes();
        int end = n >= 2 && line.getByte(line.readerIndex() + n - 2) == '\r' ? n - 2 : n - 1;
        if (end != 4) {
            return false;
        }
        String word = line.toString(line.readerIndex(), 4, java.nio.charset.StandardCharsets.US_ASCII);
        return word.equalsIgnoreCase("DATA");
    }

    private boolean receivingData(ChannelHandlerContext ctx) {
        if (state == null) {
            // The session exists once the connection is active, before any byte is decoded.
            // Read once: the connection-state map is not shared safely across threads afterwards.
            CommandDetectionSession session = retrieveSession(ctx);
            if (session instanceof ProtocolSession ps) {
                state = ps.getAttachment(SessionState.KEY, ProtocolSession.State.Connection).orElse(null);
                if (state != null) {
                    state.pipeline = pipeline;
                }
            }
        }
        return state != null && state.receivingData;
    }
}
