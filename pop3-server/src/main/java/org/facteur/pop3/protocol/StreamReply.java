package org.facteur.pop3.protocol;

import java.io.InputStream;

import org.apache.james.protocols.api.StreamResponse;
import org.apache.james.protocols.pop3.POP3Response;

/**
 * "+OK" and a multi-line body that already carries its termination line (a
 * {@link org.facteur.pop3.transfer.MultiLineStream}); James's POP3StreamResponse would add a
 * second one.
 */
final class StreamReply extends POP3Response implements StreamResponse {

    private final InputStream body;

    StreamReply(String text, InputStream body) {
        super(POP3Response.OK_RESPONSE, text);
        this.body = body;
    }

    @Override
    public InputStream getStream() {
        return body;
    }
}
