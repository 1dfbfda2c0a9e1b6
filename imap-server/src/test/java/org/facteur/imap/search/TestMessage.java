package org.facteur.imap.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * A message held in memory as a session would present it: its summary made by the store's own
 * parser, loaded on first use, and counters that show what a search read.
 */
final class TestMessage implements SearchTarget {

    private final long sequenceNumber;
    private final MessageRecord record;
    private final byte[] bytes;
    private final boolean recent;
    private MessageSummary summary;
    int summaryCalls;
    int contentCalls;

    TestMessage(long sequenceNumber, long uid, Flags flags, Instant internalDate, byte[] bytes, boolean recent) {
        this.sequenceNumber = sequenceNumber;
        this.record = new MessageRecord(uid, 1, flags, internalDate, bytes.length);
        this.bytes = bytes;
        this.recent = recent;
    }

    static byte[] resource(String name) {
        try (InputStream in = TestMessage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test message " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public MessageRecord record() {
        return record;
    }

    @Override
    public MessageSummary summary() {
        summaryCalls++;
        if (summary == null) {
            summary = MessageParser.parse(bytes);
        }
        return summary;
    }

    @Override
    public InputStream content(long offset, long length) {
        contentCalls++;
        int from = (int) Math.min(offset, bytes.length);
        int to = (int) Math.min(offset + length, bytes.length);
        return new ByteArrayInputStream(bytes, from, to - from);
    }

    @Override
    public boolean recent() {
        return recent;
    }
}
