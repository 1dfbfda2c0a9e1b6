package org.facteur.imap.search;

import java.util.List;

import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.mime.MimePart;

/**
 * The message under test while one search program runs over it: the target, what {@code *}
 * and {@code $} (RFC 5182) stand for, and the top-level header once some key has read it (HEADER and TEXT share it).
 */
final class MatchContext {

    private final SearchTarget target;
    private final long maxSequence;
    private final long maxUid;
    private final UidSet savedResult;
    private List<HeaderField> rootHeader;

    MatchContext(SearchTarget target, long maxSequence, long maxUid, UidSet savedResult) {
        this.target = target;
        this.maxSequence = maxSequence;
        this.maxUid = maxUid;
        this.savedResult = savedResult;
    }

    SearchTarget target() {
        return target;
    }

    long maxSequence() {
        return maxSequence;
    }

    long maxUid() {
        return maxUid;
    }

    /** The UIDs of the last saved search result (RFC 5182), empty if none was saved. */
    UidSet savedResult() {
        return savedResult;
    }

    /** The top-level header's fields, read from the stored file once per message. */
    List<HeaderField> rootHeader() {
        if (rootHeader == null) {
            rootHeader = header(target.summary().root());
        }
        return rootHeader;
    }

    /** The header fields of any entity: {@code [headerStart, bodyStart)} of the stored file. */
    List<HeaderField> header(MimePart part) {
        return HeaderField.read(target.content(part.headerStart(), part.headerSize()));
    }
}
