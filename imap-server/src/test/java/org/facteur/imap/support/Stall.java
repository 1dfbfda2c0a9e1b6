package org.facteur.imap.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client that stops reading: its session blocks writing a FETCH it was sent, while the test
 * changes the store behind it. What piles up in the meantime is what the bounds are for.
 */
public final class Stall {

    /** The tag of the FETCH the session is stuck in. */
    public static final String TAG = "f1";

    private Stall() {
    }

    /**
     * Delivers a 24 MB message to {@code user}'s INBOX, logs in, selects INBOX, runs {@code before}
     * (each must succeed), then sends {@code FETCH * BODY.PEEK[]} for it and does not read.
     */
    public static ImapClient inALargeFetch(TestServer server, String user, String... before) throws Exception {
        byte[] big = new byte[24 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        for (int i = 76; i < big.length; i += 78) {
            big[i] = '\r';
            big[i + 1] = '\n';
        }
        server.deliver(user, "Subject: big\r\n\r\n" + new String(big, StandardCharsets.US_ASCII));
        ImapClient client = server.login(user);
        client.timeout(60_000);
        client.ok("SELECT INBOX");
        for (String command : before) {
            client.ok(command);
        }
        client.send(TAG + " FETCH * BODY.PEEK[]");
        // Long enough for the session to fill the socket's buffers and block on the write.
        Thread.sleep(500);
        return client;
    }
}
