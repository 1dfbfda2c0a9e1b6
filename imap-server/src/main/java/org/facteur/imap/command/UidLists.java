package org.facteur.imap.command;

import java.util.List;

/** UID lists in the compact form of UIDPLUS responses (RFC 4315 3: uid-set), order kept. */
final class UidLists {

    private UidLists() {
    }

    static String compact(List<Long> uids) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            b.append(b.length() > 0 ? "," : "").append(uids.get(i));
            if (j > i) {
                b.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
