package org.facteur.imap.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.SystemFlag;

/**
 * Five real messages as a selected mailbox shows them, and SEARCH run over them the way the
 * command handler runs it: parse once, test each message, collect sequence numbers or UIDs.
 *
 * <pre>
 * seq uid  file            flags                       internal date (UTC)     recent
 *  1  10   plain.eml       \Seen \Answered $Work       2024-01-31 23:59:59     no
 *  2  20   encoded.eml     \Seen \Flagged Urgent       2024-02-01 00:00:00     yes
 *  3  30   quoted.eml      \Deleted \Draft             2024-02-01 12:00:00     yes
 *  4  31   multipart.eml   (none)                      2024-02-02 00:00:00     no
 *  5  40   (large, built)  \Seen                       2024-03-01 10:00:00     no
 * </pre>
 */
final class TestMailbox {

    /** The word that the large message's body holds across the first 8,192-char chunk boundary. */
    static final String CHUNK_SPANNING_WORD = "straddling";

    final List<TestMessage> messages = new ArrayList<>();

    TestMailbox() {
        add(10, flags(Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), "$Work"), "2024-01-31T23:59:59Z",
                TestMessage.resource("plain.eml"), false);
        add(20, flags(Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED), "Urgent"), "2024-02-01T00:00:00Z",
                TestMessage.resource("encoded.eml"), true);
        add(30, flags(Set.of(SystemFlag.DELETED, SystemFlag.DRAFT)), "2024-02-01T12:00:00Z",
                TestMessage.resource("quoted.eml"), true);
        add(31, Flags.NONE, "2024-02-02T00:00:00Z", TestMessage.resource("multipart.eml"), false);
        add(40, Flags.of(SystemFlag.SEEN), "2024-03-01T10:00:00Z", large(), false);
    }

    private void add(long uid, Flags flags, String internalDate, byte[] bytes, boolean recent) {
        messages.add(new TestMessage(messages.size() + 1, uid, flags, Instant.parse(internalDate), bytes, recent));
    }

    private static Flags flags(Set<SystemFlag> system, String... keywords) {
        return Flags.of(system, Set.of(keywords));
    }

    /** A plain message with an unreadable Date and a body long enough to be read in several chunks. */
    private static byte[] large() {
        StringBuilder m = new StringBuilder("Date: sometime last week\r\nFrom: bulk@example.com\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        String filler = "filler line of text\r\n".repeat(400);
        StringBuilder body = new StringBuilder(filler.substring(0, 8192 - 4))
                .append(CHUNK_SPANNING_WORD).append("\r\n")
                .append("more filler after the word\r\n".repeat(3000)); // over 64 KB: streamed
        return m.append(body).toString().getBytes(StandardCharsets.US_ASCII);
    }

    TestMessage get(int sequenceNumber) {
        return messages.get(sequenceNumber - 1);
    }

    long maxUid() {
        return messages.get(messages.size() - 1).record().uid();
    }

    /** SEARCH: the sequence numbers that match, internal dates taken in UTC whatever the machine's zone. */
    List<Long> search(String program) {
        return search(program, ZoneOffset.UTC);
    }

    /** UID SEARCH: the UIDs that match. */
    List<Long> uidSearch(String program) {
        return run(SearchRequest.parse(TestArgs.of(program), ZoneOffset.UTC), true);
    }

    List<Long> search(List<Arg> args) {
        return run(SearchRequest.parse(args, ZoneOffset.UTC), false);
    }

    List<Long> search(String program, ZoneId internalDateZone) {
        return run(SearchRequest.parse(TestArgs.of(program), internalDateZone), false);
    }

    List<Long> run(SearchRequest request, boolean uid) {
        List<Long> found = new ArrayList<>();
        for (TestMessage message : messages) {
            if (request.matches(message, messages.size(), maxUid())) {
                found.add(uid ? message.record().uid() : message.sequenceNumber());
            }
        }
        return found;
    }
}
