package org.facteur.imap.append;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.imap.protocol.Arg;

/**
 * The form in which APPEND stores a message that came as a literal8 (RFC 3516 4.4): its binary
 * parts base64-encoded ({@link BinaryToBase64}). A message held in memory stays in memory; a
 * spooled one is converted file to file in the spool directory.
 */
public final class BinaryLiterals {

    private BinaryLiterals() {
    }

    /**
     * The converted message: a {@link Arg.Str} for one in memory, else a new {@link Arg.Spooled}
     * file the caller deletes.
     */
    public static Arg storedForm(Arg data, Path spoolDirectory) {
        try {
            if (data instanceof Arg.Str str) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(str.bytes().length + str.bytes().length / 3 + 64);
                BinaryToBase64.convert(new ByteArrayInputStream(str.bytes()), out);
                return new Arg.Str(out.toByteArray(), true);
            }
            Arg.Spooled spooled = (Arg.Spooled) data;
            Path file = Files.createTempFile(spoolDirectory, "imap-binary-", ".tmp");
            try (InputStream in = Files.newInputStream(spooled.file());
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                BinaryToBase64.convert(in, out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new Arg.Spooled(file, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert a literal8 message", e);
        }
    }
}
