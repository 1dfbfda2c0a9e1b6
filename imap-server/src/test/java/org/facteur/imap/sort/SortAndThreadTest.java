package org.facteur.imap.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.Comparator;
import java.util.stream.Collectors;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SORT and THREAD (RFC 5256) over a real socket, on messages whose summaries the store computed at append. */
class SortAndThreadTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    static String message(String headers) {
        return headers + "\r\n\r\nbody\r\n";
    }

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, message("Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: Zed <zed@example.org>\r\n"
                + "To: bob@example.org\r\nCc: carl@example.org\r\nSubject: Banana\r\nMessage-ID: <1@x>"));
        server.deliver(ALICE, message("Date: Wed, 3 Jan 2024 10:00:00 +0000\r\nFrom: adam@example.org\r\n"
                + "Subject: Re: apple\r\nMessage-ID: <2@x>\r\nIn-Reply-To: <3@x>"));
        server.deliver(ALICE, message("Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nFrom: Mike@example.org\r\n"
                + "Subject: Apple\r\nMessage-ID: <3@x>"));
        // No Date: its internal date (now) stands in (RFC 5256 2.2).
        server.deliver(ALICE, message("From: bob@example.org\r\nSubject: [list] Re: banana\r\nMessage-ID: <4@x>\r\n"
                + "References: <1@x>"));
        server.deliver(ALICE, message("Date: Mon, 1 Jan 2024 09:00:00 +0000\r\nSubject: cherry\r\nMessage-ID: <5@x>\r\n"
                + "References: <missing@x>"));
        server.deliver(ALICE, message("Date: Fri, 5 Jan 2024 10:00:00 +0000\r\nSubject: Re: cherry\r\nMessage-ID: <6@x>\r\n"
                + "References: <missing@x>"));
        server.deliver(ALICE, message("Date: Sat, 6 Jan 2024 10:00:00 +0000\r\nSubject: Re: Banana\r\nMessage-ID: <7@x>"));
        c = server.login(ALICE);
        c.ok("SELECT INBOX");
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    String first(String command) throws Exception {
        return c.ok(command).get(0);
    }

    @Test
    void advertised() throws Exception {
        assertThat(first("CAPABILITY")).contains(" SORT", " ESORT", " THREAD=ORDEREDSUBJECT", " THREAD=REFERENCES");
    }

    /** The ESEARCH line of an extended SORT, from its data on (after the tag correlator). */
    String esearch(String command) throws Exception {
        String line = c.ok(command).stream().filter(l -> l.startsWith("* ESEARCH")).findFirst().orElseThrow();
        assertThat(line).matches("\\* ESEARCH \\(TAG \"a\\d+\"\\).*");
        return line.substring(line.indexOf(')') + 1);
    }

    @Test
    void extendedSortAnswersWithEsearchInSortOrder() throws Exception {
        // RFC 5267 3.1: MIN and MAX are the first and last in sort order (DATE: 5 1 3 2 6 7 4).
        assertThat(esearch("SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL"))
                .isEqualTo(" MIN 5 MAX 4 COUNT 7 ALL 5,1,3,2,6:7,4");
        // RETURN () is ALL; a descending run is no range (RFC 5267 3.2), an ascending one is.
        assertThat(esearch("UID SORT RETURN () (REVERSE DATE) UTF-8 ALL")).isEqualTo(" UID ALL 4,7,6,2:3,1,5");
        assertThat(esearch("SORT RETURN (COUNT MIN) (DATE) UTF-8 SUBJECT nothing")).isEqualTo(" COUNT 0");
        assertThat(esearch("SORT RETURN (ALL) (SUBJECT) UTF-8 SUBJECT nothing")).isEmpty();
        long modSeqOf4 = server.store().messages(server.mailbox(ALICE, "INBOX")).get(3).modSeq();
        assertThat(esearch("SORT RETURN (MAX) (DATE) UTF-8 MODSEQ 1")).isEqualTo(" MAX 4 MODSEQ " + modSeqOf4);
        assertThat(c.status("SORT RETURN (BOGUS) (DATE) UTF-8 ALL")).matches("a\\d+ BAD.*");
        assertThat(c.status("SORT RETURN (DATE) UTF-8 ALL")).matches("a\\d+ BAD.*");
        assertThat(c.status("SORT RETURN (SAVE) (DATE) UTF-8 ALL")).matches("a\\d+ BAD.*");
    }

    @Test
    void sortsByEveryKey() throws Exception {
        assertThat(first("SORT (SUBJECT) UTF-8 ALL")).isEqualTo("* SORT 2 3 1 4 7 5 6");
        assertThat(first("SORT (DATE) UTF-8 ALL")).isEqualTo("* SORT 5 1 3 2 6 7 4");
        assertThat(first("SORT (REVERSE DATE) US-ASCII ALL")).isEqualTo("* SORT 4 7 6 2 3 1 5");
        assertThat(first("SORT (FROM) UTF-8 ALL")).isEqualTo("* SORT 5 6 7 2 4 3 1");
        assertThat(first("SORT (TO) UTF-8 ALL")).isEqualTo("* SORT 2 3 4 5 6 7 1");
        assertThat(first("SORT (CC REVERSE SUBJECT) UTF-8 ALL")).isEqualTo("* SORT 5 6 4 7 2 3 1");
        assertThat(first("SORT (ARRIVAL) UTF-8 ALL")).isEqualTo("* SORT 1 2 3 4 5 6 7");
        String bySize = server.store().messages(server.mailbox(ALICE, "INBOX")).stream()
                .sorted(Comparator.comparingLong(MessageRecord::size).thenComparingLong(MessageRecord::uid))
                .map(m -> String.valueOf(m.uid())).collect(Collectors.joining(" "));
        assertThat(first("SORT (SIZE) UTF-8 ALL")).isEqualTo("* SORT " + bySize);
        assertThat(first("SORT (SUBJECT REVERSE DATE) UTF-8 ALL")).isEqualTo("* SORT 2 3 4 7 1 6 5");
    }

    @Test
    void sortsByDisplayNameWhereThereIsOne() throws Exception {
        // RFC 5957: the decoded display name, else the address; a group's name for a group.
        server.deliver(ALICE, message("Date: Sun, 7 Jan 2024 10:00:00 +0000\r\n"
                + "From: =?iso-8859-1?q?Aaron_B?= <zz@example.org>\r\nTo: friends: x@example.org;\r\nSubject: late"));
        c.ok("NOOP");
        assertThat(first("CAPABILITY")).contains(" SORT=DISPLAY");
        assertThat(first("SORT (FROM) UTF-8 ALL")).isEqualTo("* SORT 5 6 7 2 4 3 1 8");
        assertThat(first("SORT (DISPLAYFROM) UTF-8 ALL")).isEqualTo("* SORT 5 6 7 8 2 4 3 1");
        assertThat(first("SORT (REVERSE DISPLAYFROM) UTF-8 ALL")).isEqualTo("* SORT 1 3 4 2 8 5 6 7");
        assertThat(first("SORT (DISPLAYTO) UTF-8 ALL")).isEqualTo("* SORT 2 3 4 5 6 7 1 8");
    }

    @Test
    void uidSortSearchesAndRefusesWhatItCannotDo() throws Exception {
        c.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
        c.ok("EXPUNGE");
        // Sequence numbers moved down by one; UIDs did not.
        assertThat(first("UID SORT (DATE) UTF-8 SUBJECT apple")).isEqualTo("* SORT 3 2");
        assertThat(first("SORT (DATE) UTF-8 SUBJECT apple")).isEqualTo("* SORT 2 1");
        assertThat(first("SORT (DATE) UTF-8 SUBJECT nothing")).isEqualTo("* SORT");
        assertThat(c.status("SORT (DATE) KOI8-R ALL")).startsWith("a8 NO [BADCHARSET");
        assertThat(c.status("SORT (BOGUS) UTF-8 ALL")).startsWith("a9 BAD");
        assertThat(c.status("SORT (DATE REVERSE) UTF-8 ALL")).startsWith("a10 BAD");
        assertThat(c.status("SORT DATE UTF-8 ALL")).startsWith("a11 BAD");
        assertThat(c.ok("SORT (DATE) UTF-8 MODSEQ 1")).anyMatch(l -> l.startsWith("* SORT 4 2 1 5 6 3 (MODSEQ "));
    }

    @Test
    void threadsBySubjectAndByReferences() throws Exception {
        assertThat(first("THREAD ORDEREDSUBJECT UTF-8 ALL")).isEqualTo("* THREAD (5 6)(1 (7)(4))(3 2)");
        // 2 answers 3; 4 refers to 1 and 7 joins 1 by subject; 5 and 6 share a missing parent.
        assertThat(first("THREAD REFERENCES UTF-8 ALL")).isEqualTo("* THREAD ((5)(6))(1 (7)(4))(3 2)");
        assertThat(first("UID THREAD REFERENCES UTF-8 SUBJECT banana")).isEqualTo("* THREAD (1 (7)(4))");
        assertThat(first("THREAD REFERENCES UTF-8 SUBJECT nothing")).isEqualTo("* THREAD");
        assertThat(c.status("THREAD BOGUS UTF-8 ALL")).startsWith("a7 BAD");
        assertThat(c.status("THREAD REFERENCES X-NOPE ALL")).startsWith("a8 NO [BADCHARSET");
    }
}
