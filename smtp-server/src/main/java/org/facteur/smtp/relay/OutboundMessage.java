package org.facteur.smtp.relay;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One message to hand over in one SMTP transaction.
 *
 * @param sender the reverse-path, empty for {@code <>}
 * @param recipients the forward-paths
 * @param size the message's size in octets, {@code prefix} included (for SIZE, RFC 1870)
 * @param eightBit whether it was received as {@code BODY=8BITMIME} (RFC 6152)
 * @param smtpUtf8 whether it was received with {@code SMTPUTF8} (RFC 6531)
 * @param prefix octets sent before the content: header fields added on the way out (DKIM), or none
 * @param content opens the message's octets, CRLF line ends, not dot-stuffed
 * @param mailDsn the DSN parameters of MAIL ({@code RET=HDRS ENVID=...}, RFC 3461 4.3-4.4), or empty
 * @param rcptDsn per recipient, the DSN parameters of its RCPT ({@code NOTIFY=... ORCPT=...}), or empty
 */
public record OutboundMessage(String sender, List<String> recipients, long size, boolean eightBit, boolean smtpUtf8,
                              byte[] prefix, Content content, String mailDsn, List<String> rcptDsn) {

    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    public OutboundMessage {
        recipients = List.copyOf(recipients);
        rcptDsn = List.copyOf(rcptDsn);
        if (rcptDsn.size() != recipients.size()) {
            throw new IllegalArgumentException("one set of RCPT DSN parameters per recipient");
        }
    }

    /** Without DSN parameters. */
    public OutboundMessage(String sender, List<String> recipients, long size, boolean eightBit, boolean smtpUtf8,
                           byte[] prefix, Content content) {
        this(sender, recipients, size, eightBit, smtpUtf8, prefix, content, "",
                java.util.Collections.nCopies(recipients.size(), ""));
    }
}
