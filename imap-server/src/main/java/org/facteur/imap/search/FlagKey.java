package org.facteur.imap.search;

import org.facteur.mailbox.SystemFlag;

/** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN and their UN- forms (RFC 3501 6.4.4). */
record FlagKey(SystemFlag flag, boolean set) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        return message.target().record().flags().has(flag) == set;
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
