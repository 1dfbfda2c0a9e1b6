package org.facteur.imap.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** What the {@link CommandDecoder} hands to a session: a command, a malformed one, or a bare line. */
public sealed interface ClientInput {

    /** Releases what the input holds outside the heap (spooled literals). */
    default void release() {
    }

    /** A command as parsed: its tag, its name in upper case, its arguments. */
    record Command(String tag, String name, List<Arg> args) implements ClientInput {
        public Command {
            args = List.copyOf(args);
        }

        @Override
        public void release() {
            release(args);
        }

        /** Spooled literals may sit inside lists too (CATENATE's TEXT parts, RFC 4469). */
        private static void release(List<Arg> args) {
            for (Arg arg : args) {
                if (arg instanceof Arg.Literal8 binary) {
                    arg = binary.data();
                }
                if (arg instanceof Arg.Group group) {
                    release(group.items());
                } else if (arg instanceof Arg.Spooled spooled) {
                    try {
                        Files.deleteIfExists(spooled.file());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    /**
     * Input that breaks the grammar or a limit: answered with {@code status} (BAD, or NO for a
     * literal over the size limit) under {@code tag}, "*" when not even the tag could be read
     * (RFC 3501 7.1.3); the session goes on.
     */
    record Malformed(String tag, String status, String text) implements ClientInput {
    }

    /**
     * The decoder accepted a synchronizing literal's size: the session sends {@code +} in its
     * turn (RFC 3501 7.5), never in the middle of a response it is writing.
     */
    record ContinuationRequest() implements ClientInput {
    }

    /**
     * A line read as it is, not as a command: a SASL response after {@code +} (RFC 3501 6.2.2) or
     * the {@code DONE} that ends IDLE (RFC 2177).
     */
    record RawLine(String text) implements ClientInput {
    }
}
