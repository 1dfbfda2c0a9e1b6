package org.facteur.pop3.protocol;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.james.protocols.api.StreamResponse;
import org.apache.james.protocols.pop3.POP3Response;
import org.facteur.pop3.transfer.MultiLineStream;

/**
 * "+OK" and a message as a multi-line body, written as one stream, status line included (a
 * {@link MultiLineStream} carries its own termination line; James's POP3StreamResponse would add
 * a second one, and would write the status line as a separate TLS record).
 */
final class StreamReply implements StreamResponse {

    private final InputStream stream;

    StreamReply(String text, InputStream message, long bodyLines, long messageSize) {
        byte[] status = (POP3Response.OK_RESPONSE + " " + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.stream = MultiLineStream.withStatus(status, message, bodyLines, messageSize);
    }

    @Override
    public InputStream getStream() {
        return stream;
    }

    /** No separate lines: the status line is the start of the stream. */
    @Override
    public List<CharSequence> getLines() {
        return List.of();
    }

    @Override
    public String getRetCode() {
        return POP3Response.OK_RESPONSE;
    }

    @Override
    public boolean isEndSession() {
        return false;
    }
}
