package org.facteur.mailbox.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Computes a {@link MessageSummary} from the exact bytes of a stored message, in one streaming
 * pass: memory holds the header fields and the structure, never the bodies, so a 25 MB message
 * costs about as much as a 5 KB one.
 *
 * <p>It never fails on content: broken MIME, missing boundaries, 8-bit garbage or absurd nesting
 * give the best structure that can be made of them (see {@link StructureScanner}). Only an I/O
 * error of the stream is thrown. Thread-safe: it holds no state.
 */
public final class MessageParser {

    private MessageParser() {
    }

    /** Parses the message read from {@code raw} to its end; the stream is not closed. */
    public static MessageSummary parse(InputStream raw) throws IOException {
        LineReader reader = new LineReader(raw);
        StructureScanner.Entity message = new StructureScanner(reader).scanMessage();
        return new MessageSummary(
                reader.octetsRead(),
                reader.linesRead(),
                MessageHeaderReader.envelope(message.header()),
                message.part(),
                MessageHeaderReader.search(message.header()));
    }

    public static MessageSummary parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    /** Parses a message held in memory (tests, small messages). */
    public static MessageSummary parse(byte[] raw) {
        try {
            return parse(new ByteArrayInputStream(raw));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
