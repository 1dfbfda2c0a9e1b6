-- What SORT and THREAD read (org.facteur.mailbox.SortKeys), apart from the summaries so that
-- sorting 100,000 messages reads short rows and decodes nothing. One row per message row, written
-- with it; rows of an upgraded index are filled from the summaries when it is opened
-- (MessageIndex.backfillSortKeys), and a missing row is made again from the summary when read.
-- The lists are msg-ids joined by one space (the parser removes blanks inside a msg-id). Long
-- values are cut to the column's size (SortKeyColumns): no real subject or References comes near.
-- The key is mailbox_id * 2^32 + uid (a UID is below 2^32, RFC 3501 2.3.1.1): H2 stores a table
-- in the order of a single BIGINT primary key, so a mailbox's rows are one sequential range. With
-- a two-column key each row would be found through a secondary index, one random page read per
-- message (most of SORT's time on 100,000 messages).
CREATE TABLE sort_keys (
    id BIGINT PRIMARY KEY,
    mailbox_id BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    sent_date BIGINT,
    subject VARCHAR(100000),
    from_mailbox VARCHAR(1000),
    to_mailbox VARCHAR(1000),
    cc_mailbox VARCHAR(1000),
    message_id VARCHAR(1000),
    in_reply_to VARCHAR(100000),
    refs VARCHAR(100000)
);
