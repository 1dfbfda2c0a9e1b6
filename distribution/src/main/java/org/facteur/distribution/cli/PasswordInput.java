package org.facteur.distribution.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Where a new password comes from: one line of standard input, or typed twice on the console. */
final class PasswordInput {

    private PasswordInput() {
    }

    static char[] read(boolean fromStdin, String address) {
        char[] password = fromStdin ? fromStdin(System.in) : fromConsole(System.console(), address);
        if (password.length == 0) {
            throw new CommandFailure("the password is empty");
        }
        return password;
    }

    /** The first line, without its CR/LF ending; bytes are UTF-8. */
    static char[] fromStdin(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b = in.read();
            if (b < 0) {
                throw new CommandFailure("no password on standard input");
            }
            while (b >= 0 && b != '\n') {
                line.write(b);
                b = in.read();
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read the password from standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return Arrays.copyOf(chars.array(), chars.limit());
        } catch (CharacterCodingException e) {
            throw new CommandFailure("the password on standard input is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static char[] fromConsole(Console console, String address) {
        if (console == null) {
            throw new CommandFailure("no console to type the password on: pipe it in with --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", address);
        char[] second = console.readPassword("Same password again: ");
        if (first == null || second == null) {
            throw new CommandFailure("no password given");
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new CommandFailure("the two passwords differ");
        }
        return first;
    }
}
