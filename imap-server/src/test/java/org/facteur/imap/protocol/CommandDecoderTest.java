package org.facteur.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder alone, fed bytes in arbitrary pieces. */
class CommandDecoderTest {

    @TempDir
    Path spool;

    long limit = 8192;
    final RecordingAllocator allocator = new RecordingAllocator();
    final List<EmbeddedChannel> channels = new ArrayList<>();

    EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(allocator);
        ch.pipeline().addLast(new CommandDecoder(() -> limit, spool));
        channels.add(ch);
        return ch;
    }

    /**
     * Each channel is closed as a connection is, and then no buffer the decoder took may be left:
     * an unclosed test channel is what Netty's paranoid leak detector reported (from
     * {@code CommandDecoder.handlerAdded}), and a decoder that kept a buffer past its
     * connection's end would fail here too.
     */
    @AfterEach
    void everyBufferIsReleasedOnceTheConnectionIsClosed() {
        for (EmbeddedChannel ch : channels) {
            Object input;
            while ((input = ch.readInbound()) != null) {
                ((ClientInput) input).release();
            }
            ch.close();
        }
        assertThat(allocator.allocatedCount()).isPositive();
        assertThat(allocator.unreleased()).isEmpty();
    }

    @Test
    void aConnectionClosedInTheMiddleOfACommandReleasesItsBufferAndSpoolFile() throws Exception {
        limit = 10L << 20;
        EmbeddedChannel ch = channel();
        feed(ch, "a1 APPEND INBOX {" + (CommandDecoder.SPOOL_ABOVE + 10) + "+}\r\n");
        feed(ch, "x".repeat(CommandDecoder.SPOOL_ABOVE + 1));
        try (var files = Files.list(spool)) {
            assertThat(files.count()).as("the literal is being spooled").isEqualTo(1);
        }
        ch.close();
        assertThat(allocator.unreleased()).isEmpty();
        try (var files = Files.list(spool)) {
            assertThat(files.count()).as("the half-received literal's file is deleted").isZero();
        }
    }

    static void feed(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Test
    void atomsQuotedStringsAndLists() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 login \"al\\\"ice\" \"p\\\\w\"\r\na2 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)\r\n");
        ClientInput.Command login = ch.readInbound();
        assertThat(login.tag()).isEqualTo("a1");
        assertThat(login.name()).isEqualTo("LOGIN");
        assertThat(login.args()).extracting(Arg::text).containsExactly("al\"ice", "p\\w");
        ClientInput.Command fetch = ch.readInbound();
        assertThat(fetch.args().get(0)).isEqualTo(new Arg.Atom("1:*"));
        Arg.Group items = (Arg.Group) fetch.args().get(1);
        assertThat(items.items()).extracting(Arg::text)
                .containsExactly("FLAGS", "BODY.PEEK[HEADER.FIELDS (From To)]<0.100>");
    }

    @Test
    void bytesInPiecesMakeTheSameCommand() {
        EmbeddedChannel ch = channel();
        String command = "t1 SELECT \"Sent Items\"\r\n";
        for (char c : command.toCharArray()) {
            feed(ch, String.valueOf(c));
        }
        ClientInput.Command select = ch.readInbound();
        assertThat(select.args()).extracting(Arg::text).containsExactly("Sent Items");
    }

    @Test
    void synchronizingLiteralAsksForTheDataThenReadsIt() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 LOGIN {5}\r\n");
        assertThat((Object) ch.readInbound()).isEqualTo(new ClientInput.ContinuationRequest());
        assertThat((Object) ch.readInbound()).isNull();
        feed(ch, "alice {3+}\r\npw!\r\n");
        ClientInput.Command login = ch.readInbound();
        assertThat(login.args()).extracting(Arg::text).containsExactly("alice", "pw!");
        assertThat(((Arg.Str) login.args().get(0)).literal()).isTrue();
        assertThat((Object) ch.readInbound()).isNull(); // LITERAL+ (RFC 7888): no continuation
    }

    @Test
    void literalMinusAndEmptyLiteral() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 LOGIN {0-}\r\n {2-}\r\nxy\r\n");
        ClientInput.Command login = ch.readInbound();
        assertThat(login.args()).extracting(Arg::text).containsExactly("", "xy");
    }

    @Test
    void largeLiteralIsSpooledToAFile() throws Exception {
        limit = 10_000_000;
        EmbeddedChannel ch = channel();
        int n = CommandDecoder.SPOOL_ABOVE + 10;
        feed(ch, "a1 APPEND INBOX {" + n + "+}\r\n" + "x".repeat(n) + "\r\n");
        ClientInput.Command append = ch.readInbound();
        Arg.Spooled spooled = (Arg.Spooled) append.args().get(1);
        assertThat(spooled.length()).isEqualTo(n);
        assertThat(Files.size(spooled.file())).isEqualTo(n);
        append.release();
        assertThat(Files.exists(spooled.file())).isFalse();
    }

    @Test
    void literalOverTheLimitIsRefusedAndTheSessionGoesOn() {
        limit = 10;
        EmbeddedChannel ch = channel();
        feed(ch, "a1 APPEND INBOX {11}\r\n");
        ClientInput.Malformed refused = ch.readInbound();
        assertThat(refused).isEqualTo(new ClientInput.Malformed("a1", "NO", "[TOOBIG] literal larger than 10 bytes"));
        assertThat((Object) ch.readInbound()).isNull(); // no continuation: the client will not send it
        // A non-synchronizing one is on its way: skipped, then the next command is read.
        feed(ch, "a2 LOGIN {11+}\r\nhello world\r\na3 NOOP\r\n");
        ClientInput.Malformed skipped = ch.readInbound();
        assertThat(skipped.tag()).isEqualTo("a2");
        assertThat(skipped.status()).isEqualTo("BAD");
        ClientInput.Command noop = ch.readInbound();
        assertThat(noop.tag()).isEqualTo("a3");
    }

    @Test
    void overlongLineGetsBadWithItsTagAndTheNextCommandIsRead() {
        EmbeddedChannel ch = channel();
        feed(ch, "x7 NOOP " + "a".repeat(CommandDecoder.MAX_COMMAND_TEXT + 100) + "\r\nx8 NOOP\r\n");
        ClientInput.Malformed bad = ch.readInbound();
        assertThat(bad.tag()).isEqualTo("x7");
        assertThat(bad.text()).contains("too long");
        ClientInput.Command next = ch.readInbound();
        assertThat(next.tag()).isEqualTo("x8");
    }

    @Test
    void grammarErrorsAreBadNotFatal() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 LOGIN \"unterminated\r\n\r\na2 FETCH (1\r\n+ NOOP\r\na3 NOOP\r\n");
        List<Object> inputs = List.of(ch.readInbound(), ch.readInbound(), ch.readInbound(), ch.readInbound(),
                ch.readInbound());
        assertThat(inputs.subList(0, 4)).allMatch(i -> i instanceof ClientInput.Malformed m && m.status().equals("BAD"));
        assertThat(((ClientInput.Malformed) inputs.get(0)).tag()).isEqualTo("a1");
        assertThat(((ClientInput.Malformed) inputs.get(1)).tag()).isEqualTo("*");
        assertThat(((ClientInput.Command) inputs.get(4)).tag()).isEqualTo("a3");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aBackloggedSessionStopsTheReadingOfCommands() {
        EmbeddedChannel ch = channel();
        CommandDecoder decoder = ch.pipeline().get(CommandDecoder.class);
        decoder.backlogged(true);
        feed(ch, "a1 NOOP\r\na2 NOOP\r\n");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.config().isAutoRead()).isFalse();
        decoder.backlogged(false);
        assertThat(((ClientInput.Command) ch.readInbound()).tag()).isEqualTo("a1");
        assertThat(((ClientInput.Command) ch.readInbound()).tag()).isEqualTo("a2");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void pausesAfterIdleAndReadsDoneAsABareLine() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 IDLE\r\nDONE\r\na2 NOOP\r\n");
        ClientInput.Command idle = ch.readInbound();
        assertThat(idle.name()).isEqualTo("IDLE");
        assertThat((Object) ch.readInbound()).isNull();
        ch.pipeline().get(CommandDecoder.class).resume(true, false);
        assertThat((Object) ch.readInbound()).isEqualTo(new ClientInput.RawLine("DONE"));
        assertThat((Object) ch.readInbound()).isNull();
        ch.pipeline().get(CommandDecoder.class).resume(false, false);
        ClientInput.Command noop = ch.readInbound();
        assertThat(noop.tag()).isEqualTo("a2");
    }

    @Test
    void startTlsDropsWhatWasSentInClearAfterIt() {
        EmbeddedChannel ch = channel();
        feed(ch, "a1 STARTTLS\r\na2 LOGIN injected command\r\n");
        ClientInput.Command startTls = ch.readInbound();
        assertThat(startTls.name()).isEqualTo("STARTTLS");
        ch.pipeline().get(CommandDecoder.class).resume(false, true);
        assertThat((Object) ch.readInbound()).isNull();
        feed(ch, "a3 NOOP\r\n");
        ClientInput.Command noop = ch.readInbound();
        assertThat(noop.tag()).isEqualTo("a3");
    }
}
