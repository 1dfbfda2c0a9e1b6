package org.facteur.imap.search;

/** RFC 7162 3.1.5 MODSEQ: messages whose MODSEQ is equal to or greater than the value. */
record ModSeqKey(long modSeq) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        return message.target().record().modSeq() >= modSeq;
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }

    @Override
    public boolean usesModSeq() {
        return true;
    }
}
