package org.facteur.imap.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * A stored message for FETCH tests: real bytes, the summary the store's parser computes from them,
 * and byte ranges served from the bytes the way the store serves them from the file.
 */
final class TestMessage implements FetchSource {

    static final Instant INTERNAL_DATE = Instant.parse("2026-09-07T07:15:03Z");

    private final byte[] bytes;
    private final MessageSummary summary;
    private final MessageRecord record;
    private final boolean recent;
    int summaryCalls;

    TestMessage(byte[] bytes, Flags flags, boolean recent) {
        this.bytes = bytes;
        this.summary = MessageParser.parse(bytes);
        this.record = new MessageRecord(42, 17, flags, INTERNAL_DATE, bytes.length);
        this.recent = recent;
    }

    /** A test resource with its line ends made CRLF, as messages reach the store over IMAP and SMTP. */
    static TestMessage resource(String name) {
        return new TestMessage(crlf(resourceText(name)), Flags.NONE, false);
    }

    static String resourceText(String name) {
        try (InputStream in = TestMessage.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public MessageRecord record() {
        return record;
    }

    @Override
    public MessageSummary summary() {
        summaryCalls++;
        return summary;
    }

    @Override
    public InputStream content(long offset, long length) {
        int from = (int) Math.min(offset, bytes.length);
        int to = (int) Math.min(bytes.length, offset + length);
        return new ByteArrayInputStream(bytes, from, to - from);
    }

    @Override
    public boolean recent() {
        return recent;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The response to {@code FETCH 1 <items>} where the items are atoms in a list: {@code fetch("FLAGS", "UID")}. */
    String fetch(String... items) {
        return write(FetchRequest.parse(List.of(group(items))), false);
    }

    String write(FetchRequest request, boolean includeFlags) {
        return new String(bytes(request, includeFlags), StandardCharsets.UTF_8);
    }

    /** The response bytes to {@code FETCH 1 <item>}, for messages that are not UTF-8. */
    byte[] fetchBytes(String item) {
        return bytes(FetchRequest.parse(List.of(new Arg.Atom(item))), false);
    }

    private byte[] bytes(FetchRequest request, boolean includeFlags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        request.write(new ImapWriter(out), 1, this, includeFlags);
        return out.toByteArray();
    }

    static Arg.Group group(String... atoms) {
        return new Arg.Group(Arrays.stream(atoms).<Arg>map(Arg.Atom::new).toList());
    }
}
