package org.facteur.imap.protocol;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The streaming command reader of one connection: bytes in, {@link ClientInput}s out (fired to
 * the next handler). It reads lines and the literals they announce, synchronizing ({@code +}
 * continuation, RFC 3501 7.5) or not (LITERAL+ / LITERAL-, RFC 7888), enforces the limits on
 * command text and literal size, and never closes the connection for bad input: it answers BAD
 * (or NO [TOOBIG]) and skips what it cannot use.
 *
 * <p>After a command whose next bytes are not commands (STARTTLS, AUTHENTICATE, IDLE) or may be
 * compressed (COMPRESS) it pauses until the session says how to go on ({@link #resume}); for
 * STARTTLS the bytes a client sent before the handshake are dropped so that nothing injected in
 * clear runs inside TLS; after COMPRESS they are handed back ({@link #takeBuffered}) to be
 * inflated.
 */
public final class CommandDecoder extends ChannelInboundHandlerAdapter {

    /** Command text of one command, literals excluded. */
    public static final int MAX_COMMAND_TEXT = 64 * 1024;
    /** Literals larger than this go to a temporary file instead of the heap. */
    static final int SPOOL_ABOVE = 256 * 1024;
    /** Literals in one command: APPEND of several messages (MULTIAPPEND) needs a few, nobody hundreds. */
    static final int MAX_LITERALS = 100;

    private static final Set<String> PAUSE_AFTER = Set.of("STARTTLS", "AUTHENTICATE", "IDLE", "COMPRESS");

    private enum State { LINE, LITERAL, SKIP_LITERAL, SKIP_LINE, PAUSED, RAW_LINE }

    private final LongSupplier maxLiteral;
    private final LongSupplier appendRoom;
    private final Path spoolDirectory;

    private ByteBuf buffer;
    private State state = State.LINE;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<byte[]> lines = new ArrayList<>();
    private final List<Arg> literals = new ArrayList<>();
    private int commandText;
    private long literalRemaining;
    private ByteArrayOutputStream literalInMemory;
    private OutputStream literalFile;
    private Path literalPath;
    private long literalLength;
    private ClientInput.Malformed afterSkip;
    private ChannelHandlerContext context;
    /** The session has too many commands queued: stop reading until it catches up. */
    private boolean backlogged;
    /** The connection is gone: a late resume from the session must not touch the released buffer. */
    private boolean removed;

    /**
     * @param maxLiteral     the largest literal accepted now (small before login, APPENDLIMIT after)
     * @param spoolDirectory where large literals are spooled
     */
    public CommandDecoder(LongSupplier maxLiteral, Path spoolDirectory) {
        this(maxLiteral, () -> Long.MAX_VALUE, spoolDirectory);
    }

    /**
     * @param appendRoom the bytes the user's quota still allows, as far as known without a query
     *                   (read on the I/O thread: it must not block)
     */
    public CommandDecoder(LongSupplier maxLiteral, LongSupplier appendRoom, Path spoolDirectory) {
        this.maxLiteral = maxLiteral;
        this.appendRoom = appendRoom;
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        buffer = ctx.alloc().heapBuffer(1024);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        removed = true;
        buffer.release();
        dropCommand();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        drain();
    }

    /**
     * Continues after a pause: reading commands again, or first one bare line ({@code rawLine}:
     * a SASL response, IDLE's DONE). {@code dropBuffered} discards what arrived meanwhile
     * (STARTTLS, RFC 3501 6.2.1 / RFC 7817's injection attack). Call on the channel's event loop.
     */
    public void resume(boolean rawLine, boolean dropBuffered) {
        if (removed) {
            return;
        }
        if (dropBuffered) {
            buffer.clear();
        }
        state = rawLine ? State.RAW_LINE : State.LINE;
        drain();
    }

    /**
     * Removes and returns the bytes received but not yet read: after COMPRESS they are the start
     * of the client's compressed stream (RFC 4978 3). Call on the channel's event loop while paused.
     */
    public ByteBuf takeBuffered() {
        return buffer.readBytes(buffer.readableBytes());
    }

    /**
     * Stops (or restarts) reading while the session works through a long pipeline, so that a
     * client cannot queue commands without bound. Call on the channel's event loop.
     */
    public void backlogged(boolean backlogged) {
        this.backlogged = backlogged;
        if (removed) {
            return;
        }
        drain();
    }

    private void drain() {
        boolean wantMore = true;
        while (wantMore && buffer.isReadable() && state != State.PAUSED && !backlogged) {
            switch (state) {
                case LINE, RAW_LINE, SKIP_LINE -> wantMore = readLine();
                case LITERAL -> readLiteral();
                case SKIP_LITERAL -> skipLiteral();
                default -> throw new IllegalStateException(state.name());
            }
        }
        buffer.discardSomeReadBytes();
        // Nothing is read while the session decides or catches up; TCP pushes back on the client.
        context.channel().config().setAutoRead(state != State.PAUSED && !backlogged);
    }

    /** Consumes bytes up to and including LF; false when the line is not complete yet. */
    private boolean readLine() {
        int lf = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
        int end = lf < 0 ? buffer.writerIndex() : lf;
        int length = end - buffer.readerIndex();
        if (state != State.SKIP_LINE) {
            if (commandText + line.size() + length > MAX_COMMAND_TEXT) {
                keepForTag(length);
                afterSkip = malformed("BAD", "command line too long (limit " + MAX_COMMAND_TEXT + " bytes)");
                state = State.SKIP_LINE;
            } else {
                readInto(line, length);
            }
        }
        if (state == State.SKIP_LINE) {
            buffer.skipBytes(length);
        }
        if (lf < 0) {
            return false;
        }
        buffer.skipBytes(1);
        endOfLine();
        return true;
    }

    /** Keeps the start of an overlong line so the BAD can carry the tag. */
    private void keepForTag(int available) {
        if (lines.isEmpty() && line.size() < 80) {
            int n = Math.min(available, 80 - line.size());
            readInto(line, n);
            buffer.readerIndex(buffer.readerIndex() - n);
        }
    }

    private void readInto(OutputStream out, int n) {
        try {
            buffer.readBytes(out, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void endOfLine() {
        byte[] text = line.toByteArray();
        line.reset();
        if (text.length > 0 && text[text.length - 1] == '\r') {
            text = java.util.Arrays.copyOf(text, text.length - 1);
        }
        if (state == State.SKIP_LINE) {
            ClientInput.Malformed error = afterSkip;
            afterSkip = null;
            dropCommand();
            state = State.LINE;
            emit(error);
            return;
        }
        if (state == State.RAW_LINE) {
            state = State.PAUSED;
            emit(new ClientInput.RawLine(new String(text, StandardCharsets.UTF_8)));
            return;
        }
        commandText += text.length;
        lines.add(text);
        LiteralAnnouncement literal = LiteralAnnouncement.of(text);
        if (literal == null) {
            completeCommand();
        } else {
            startLiteral(literal);
        }
    }

    private void startLiteral(LiteralAnnouncement literal) {
        long limit = maxLiteral.getAsLong();
        if (literal.length() > limit || literals.size() >= MAX_LITERALS) {
            // RFC 7889: TOOBIG.
            String status = isAppend() ? "NO" : "BAD";
            refuseLiteral(literal, malformed(status, "[TOOBIG] literal larger than " + limit + " bytes"));
            return;
        }
        if (isAppend() && literal.length() > appendRoom.getAsLong()) {
            // RFC 9208 7.1: refused before the data is sent when the announced size is already too much.
            refuseLiteral(literal, malformed("NO", "[OVERQUOTA] the message would exceed the storage quota"));
            return;
        }
        literalLength = literal.length();
        literalRemaining = literal.length();
        try {
            if (literal.length() > SPOOL_ABOVE) {
                literalPath = Files.createTempFile(spoolDirectory, "imap-literal-", ".tmp");
                literalFile = new BufferedOutputStream(Files.newOutputStream(literalPath), 64 * 1024);
            } else {
                literalInMemory = new ByteArrayOutputStream((int) literal.length());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a literal", e);
        }
        state = State.LITERAL;
        if (literal.synchronizing()) {
            emit(new ClientInput.ContinuationRequest());
        }
        if (literal.length() == 0) {
            endLiteral();
        }
    }

    /**
     * A synchronizing literal is simply never asked for; the data of a non-synchronizing one is
     * on its way and is skipped to stay in step with the client.
     */
    private void refuseLiteral(LiteralAnnouncement literal, ClientInput.Malformed error) {
        if (literal.synchronizing()) {
            dropCommand();
            emit(error);
        } else {
            afterSkip = error;
            literalRemaining = literal.length();
            state = State.SKIP_LITERAL;
        }
    }

    private void readLiteral() {
        int n = (int) Math.min(literalRemaining, buffer.readableBytes());
        try {
            if (literalFile != null) {
                buffer.readBytes(literalFile, n);
            } else {
                buffer.readBytes(literalInMemory, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a literal", e);
        }
        literalRemaining -= n;
        if (literalRemaining == 0) {
            endLiteral();
        }
    }

    private void endLiteral() {
        if (literalFile != null) {
            try {
                literalFile.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spool a literal", e);
            }
            literals.add(new Arg.Spooled(literalPath, literalLength));
            literalFile = null;
            literalPath = null;
        } else {
            literals.add(new Arg.Str(literalInMemory.toByteArray(), true));
            literalInMemory = null;
        }
        state = State.LINE;
    }

    private void skipLiteral() {
        int n = (int) Math.min(literalRemaining, buffer.readableBytes());
        buffer.skipBytes(n);
        literalRemaining -= n;
        if (literalRemaining == 0) {
            state = State.SKIP_LINE;
        }
    }

    private void completeCommand() {
        CommandTokenizer tokenizer = new CommandTokenizer(List.copyOf(lines), List.copyOf(literals));
        ClientInput input;
        try {
            ClientInput.Command command = tokenizer.parse();
            input = command;
            if (PAUSE_AFTER.contains(command.name())) {
                state = State.PAUSED;
            }
        } catch (BadCommandException e) {
            releaseLiterals();
            input = new ClientInput.Malformed(tokenizer.tag(), "BAD", e.getMessage());
        }
        lines.clear();
        literals.clear();
        commandText = 0;
        emit(input);
    }

    private boolean isAppend() {
        if (lines.isEmpty()) {
            return false;
        }
        String first = new String(lines.get(0), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        int space = first.indexOf(' ');
        return space > 0 && first.startsWith("APPEND ", space + 1);
    }

    private ClientInput.Malformed malformed(String status, String text) {
        byte[] first = lines.isEmpty() ? line.toByteArray() : lines.get(0);
        return new ClientInput.Malformed(CommandTokenizer.tagOf(first), status, text);
    }

    private void dropCommand() {
        releaseLiterals();
        if (literalFile != null) {
            try {
                literalFile.close();
                Files.deleteIfExists(literalPath);
            } catch (IOException e) {
                // The file is in the spool directory; nothing else refers to it.
            }
            literalFile = null;
        }
        literalInMemory = null;
        lines.clear();
        literals.clear();
        line.reset();
        commandText = 0;
    }

    private void releaseLiterals() {
        new ClientInput.Command("*", "", literals).release();
    }

    private void emit(ClientInput input) {
        context.fireChannelRead(input);
    }
}
