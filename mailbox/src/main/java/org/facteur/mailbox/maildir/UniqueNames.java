package org.facteur.mailbox.maildir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

/** Unique Maildir base names: {@code <seconds>.M<micros>P<pid>Q<counter>.<host>} (the Maildir spec's form). */
final class UniqueNames {

    private final long pid = ProcessHandle.current().pid();
    private final String host = safeHostName();
    private final AtomicLong counter = new AtomicLong();

    String next() {
        long nowMicros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        return (nowMicros / 1_000_000) + ".M" + (nowMicros % 1_000_000) + "P" + pid
                + "Q" + counter.incrementAndGet() + "." + host;
    }

    private static String safeHostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "localhost";
        }
        // The Maildir spec: '/' and ':' cannot appear in a name; ',' would confuse the fields.
        return name.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
    }
}
