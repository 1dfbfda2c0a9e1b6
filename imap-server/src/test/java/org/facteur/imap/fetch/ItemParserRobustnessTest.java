package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.junit.jupiter.api.Test;

/**
 * Client bytes reach the item parser unchecked: whatever an item atom holds, parsing gives a
 * request or a BadCommandException (a tagged BAD), never another exception that would end the
 * session. Mutations of valid items, with a fixed seed so that a failure can be replayed.
 */
class ItemParserRobustnessTest {

    private static final List<String> VALID = List.of(
            "BODY.PEEK[1.2.HEADER.FIELDS (From \"To\" X-A)]<0.100>", "BODY[3.HEADER.FIELDS.NOT (Date)]",
            "BODY[2.1.MIME]<10.4294967295>", "BODY[TEXT]", "BODY[]", "RFC822.HEADER", "BODYSTRUCTURE");
    private static final String ALPHABET = "[]<>().\" \\0123456789HEADERFIELDSNOTMIMETEXT\u00e9\u0000";

    @Test
    void mutatedItemsParseOrAreBad() {
        Random random = new Random(20261125);
        TestMessage message = TestMessage.resource("nested.eml");
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder item = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(item.length() + 1);
                switch (item.length() == 0 ? 0 : random.nextInt(3)) {
                    case 0 -> item.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    case 1 -> item.delete(Math.min(at, item.length() - 1), Math.min(at + 1 + random.nextInt(4), item.length()));
                    default -> item.setLength(Math.min(at, item.length()));
                }
            }
            FetchRequest request;
            try {
                request = FetchRequest.parse(List.of(new Arg.Atom(item.toString())));
            } catch (BadCommandException bad) {
                continue;
            }
            parsed++;
            // What parses must also answer: the response to a real message is well formed.
            assertThat(message.write(request, false)).as(item.toString()).startsWith("* 1 FETCH (").endsWith(")\r\n");
        }
        assertThat(parsed).as("some mutations stay valid").isPositive();
    }
}
