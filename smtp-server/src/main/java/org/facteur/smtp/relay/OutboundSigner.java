package org.facteur.smtp.relay;

import java.io.IOException;

/**
 * The seam for outbound DKIM signing (issue 7 item 4): header fields to put in front of a
 * message before it leaves, computed from the sender and the message's octets.
 */
@FunctionalInterface
public interface OutboundSigner {

    /** Signs nothing. */
    OutboundSigner NONE = (sender, content) -> new byte[0];

    /** Header fields (each ending with CRLF) to prepend, or none. */
    byte[] headersToPrepend(String sender, OutboundMessage.Content content) throws IOException;
}
