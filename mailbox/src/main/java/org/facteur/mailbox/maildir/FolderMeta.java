package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.facteur.mailbox.SpecialUse;

/**
 * What a folder keeps beside its messages so that the index can be rebuilt without changing what
 * clients saw: its UIDVALIDITY, its SPECIAL-USE role, and the UID and MODSEQ reserved so far.
 *
 * <p>The reservations are why a crash never makes a UID or MODSEQ go back: before handing out a
 * UID above {@code reservedUid}, the store durably raises the reservation by a block, and after an
 * unclean stop it restarts above the reservation, whatever the index lost.
 */
record FolderMeta(long uidValidity, long reservedUid, long reservedModSeq, Optional<SpecialUse> specialUse) {

    static final String FILE = "facteur-folder";

    static Optional<FolderMeta> load(Path folderDir) throws IOException {
        String text;
        try {
            text = Files.readString(folderDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            long uidValidity = Long.parseLong(p.getProperty("uidvalidity", "0"));
            if (uidValidity <= 0 || uidValidity > 0xFFFF_FFFFL) {
                return Optional.empty();
            }
            return Optional.of(new FolderMeta(uidValidity,
                    Long.parseLong(p.getProperty("reserved-uid", "0")),
                    Long.parseLong(p.getProperty("reserved-modseq", "0")),
                    Optional.ofNullable(SpecialUse.fromAttribute(p.getProperty("special-use", "")))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void store(Path folderDir) throws IOException {
        String text = "# facteur: do not edit while facteur runs\n"
                + "uidvalidity=" + uidValidity + "\n"
                + "reserved-uid=" + reservedUid + "\n"
                + "reserved-modseq=" + reservedModSeq + "\n"
                + specialUse.map(u -> "special-use=" + u.attribute().replace("\\", "\\\\") + "\n").orElse("");
        DurableFiles.replace(folderDir.resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
    }

    FolderMeta withReservations(long uid, long modSeq) {
        return new FolderMeta(uidValidity, uid, modSeq, specialUse);
    }

    FolderMeta withSpecialUse(Optional<SpecialUse> use) {
        return new FolderMeta(uidValidity, reservedUid, reservedModSeq, use);
    }
}
