package org.facteur.mailbox.maildir;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.SystemFlag;

/**
 * A message file name in the Maildir layout: {@code <unique>,S=<size>,U=<uid>:2,<info>}.
 *
 * <p>The {@code ,S=} field is Dovecot's and Courier's (the size without reading the file). The
 * {@code ,U=} field is ours: the UID lives in the name so the index can be rebuilt from the files
 * with every UID unchanged. {@code <info>} holds the Maildir flag letters, system flags in upper
 * case and keywords as letters a-z (Dovecot's convention, mapped through {@code dovecot-keywords}).
 * Other Maildir tools treat the part before {@code :2,} as the message's key and keep it.
 *
 * <p>A message made durable through the append journal also carries {@code ,J=<generation>.<crc>}:
 * the journal generation it was recorded in and the CRC32C of its content, so that recovery
 * knows which files the last checkpoint did not cover and can check them
 * ({@link org.facteur.mailbox.journal.AppendJournal}).
 */
public record MaildirFileName(String base, long uid, long size, String info) {

    private static final Pattern SIZE = Pattern.compile(",S=(\\d{1,18})(?=,|$)");
    private static final Pattern UID = Pattern.compile(",U=(\\d{1,10})(?=,|$)");
    private static final Pattern JOURNAL = Pattern.compile(",J=(\\d{1,18})\\.([0-9a-f]{8})(?=,|$)");

    /** Parses any file name; fields that are absent or malformed come back as 0 / -1 / "". */
    public static MaildirFileName parse(String fileName) {
        int colon = fileName.indexOf(":2,");
        String base = colon < 0 ? stripBadInfo(fileName) : fileName.substring(0, colon);
        String info = colon < 0 ? "" : fileName.substring(colon + 3);
        long uid = 0;
        Matcher u = UID.matcher(base);
        if (u.find()) {
            uid = Long.parseLong(u.group(1));
            if (uid > 0xFFFF_FFFFL) {
                uid = 0;
            }
        }
        long size = -1;
        Matcher s = SIZE.matcher(base);
        if (s.find()) {
            size = Long.parseLong(s.group(1));
        }
        return new MaildirFileName(base, uid, size, info);
    }

    private static String stripBadInfo(String fileName) {
        // "name:1,..." (experimental info) or a stray colon: keep the base, drop the info.
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** A new name for a message written by us. */
    public static MaildirFileName create(String unique, long size, long uid, String info) {
        return new MaildirFileName(unique + ",S=" + size + ",U=" + uid, uid, size, info);
    }

    /** A new name for a message made durable by the append journal in this generation. */
    public static MaildirFileName createJournaled(String unique, long size, long generation, int crc, long uid,
                                                  String info) {
        String hex = Integer.toHexString(crc);
        String mark = ",J=" + generation + "." + "0".repeat(8 - hex.length()) + hex;
        return new MaildirFileName(unique + ",S=" + size + mark + ",U=" + uid, uid, size, info);
    }

    /** The journal generation of a journaled message's name, 0 for any other name. */
    public long journalGeneration() {
        Matcher j = JOURNAL.matcher(base);
        return j.find() ? Long.parseLong(j.group(1)) : 0;
    }

    /** The content CRC32C of a journaled message's name (see {@link #journalGeneration}). */
    public int journalCrc() {
        Matcher j = JOURNAL.matcher(base);
        return j.find() ? Integer.parseUnsignedInt(j.group(2), 16) : 0;
    }

    /** The same base with other flag letters. */
    public MaildirFileName withInfo(String newInfo) {
        return new MaildirFileName(base, uid, size, newInfo);
    }

    /** The same message under another UID (a file that had none, or a duplicate). */
    public MaildirFileName withUid(long newUid) {
        String stripped = UID.matcher(base).replaceAll("");
        return new MaildirFileName(stripped + ",U=" + newUid, newUid, size, info);
    }

    public String fileName() {
        return base + ":2," + info;
    }

    /** The Maildir info letters for the given flags, sorted as the Maildir spec asks. */
    public static String infoFor(Flags flags, KeywordLetters letters) {
        StringBuilder b = new StringBuilder();
        for (SystemFlag f : SystemFlag.values()) {
            if (flags.has(f)) {
                b.append(f.maildirLetter());
            }
        }
        b.append(letters.lettersFor(flags.keywords()));
        return b.toString();
    }

    /** The flags that the info letters stand for; unknown letters are ignored. */
    public Flags flags(KeywordLetters letters) {
        Flags flags = Flags.NONE;
        for (char c : info.toCharArray()) {
            for (SystemFlag f : SystemFlag.values()) {
                if (f.maildirLetter() == c) {
                    flags = flags.with(f);
                }
            }
        }
        return flags.plus(Flags.of(java.util.Set.of(), letters.keywordsFor(info)));
    }
}
