package org.facteur.smtp.relay;

import java.time.Duration;

/**
 * How long the client waits (RFC 5321 4.5.3.2): for the connection, the greeting (5 min,
 * 4.5.3.2.1), MAIL and RCPT replies (5 min, 4.5.3.2.2-3), the DATA reply (2 min, 4.5.3.2.4),
 * each block of data to be taken (3 min, 4.5.3.2.5) and the reply after the final dot
 * (10 min, 4.5.3.2.6). Other commands (EHLO, STARTTLS, AUTH, RSET, QUIT) wait as long as MAIL.
 * RFC 5321 gives no connect timeout; 30 s is what a reachable host needs.
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration dataInit,
                       Duration dataBlock, Duration dataTermination) {

    public static final Timeouts RFC_5321 = new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));

    /** All of them {@code d}: for tests. */
    public static Timeouts all(Duration d) {
        return new Timeouts(d, d, d, d, d, d);
    }
}
