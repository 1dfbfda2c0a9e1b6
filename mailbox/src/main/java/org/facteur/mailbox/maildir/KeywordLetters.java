package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The folder's keyword-to-letter map, in Dovecot's {@code dovecot-keywords} format ("0 $Junk"),
 * so keywords survive in file names for the first 26 keywords of a folder. Later keywords are
 * kept in the index only (as in Dovecot) and are lost if the index is rebuilt.
 */
final class KeywordLetters {

    static final String FILE = "dovecot-keywords";
    private static final int MAX = 26;

    private final Path file;
    private final List<String> keywords;

    private KeywordLetters(Path file, List<String> keywords) {
        this.file = file;
        this.keywords = keywords;
    }

    static KeywordLetters load(Path folderDir) throws IOException {
        Path file = folderDir.resolve(FILE);
        String[] slots = new String[MAX];
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        int n = Integer.parseInt(line.substring(0, space));
                        if (n >= 0 && n < MAX) {
                            slots[n] = line.substring(space + 1);
                        }
                    } catch (NumberFormatException ignored) {
                        // a foreign line: skip it, as Dovecot does
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // no keyword used yet
        }
        List<String> list = new ArrayList<>();
        for (String s : slots) {
            if (s == null) {
                break;
            }
            list.add(s);
        }
        return new KeywordLetters(file, list);
    }

    /** Letters for the keywords, assigning (and saving) letters to keywords not yet mapped. */
    synchronized String lettersFor(Set<String> wanted) {
        StringBuilder b = new StringBuilder();
        boolean changed = false;
        for (String k : wanted) {
            int i = indexOf(k);
            if (i < 0 && keywords.size() < MAX) {
                keywords.add(k);
                i = keywords.size() - 1;
                changed = true;
            }
            if (i >= 0) {
                b.append((char) ('a' + i));
            }
        }
        if (changed) {
            save();
        }
        char[] letters = b.toString().toCharArray();
        java.util.Arrays.sort(letters);
        return new String(letters);
    }

    synchronized Set<String> keywordsFor(String info) {
        Set<String> set = new LinkedHashSet<>();
        for (char c : info.toCharArray()) {
            int i = c - 'a';
            if (i >= 0 && i < keywords.size()) {
                set.add(keywords.get(i));
            }
        }
        return set;
    }

    private int indexOf(String keyword) {
        for (int i = 0; i < keywords.size(); i++) {
            if (keywords.get(i).toLowerCase(Locale.ROOT).equals(keyword.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private void save() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keywords.size(); i++) {
            b.append(i).append(' ').append(keywords.get(i)).append('\n');
        }
        try {
            DurableFiles.replace(file, b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save " + file, e);
        }
    }
}
