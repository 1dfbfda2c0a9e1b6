-- What SORT and THREAD read (org.facteur.mailbox.SortKeys), apart from the summaries so that
-- sorting 100,000 messages reads short rows and decodes nothing. One row per message row, written
-- with it; rows of an upgraded index are filled from the summaries when it is opened
-- (MessageIndex.backfillSortKeys), and a missing row is made again from the summary when read.
-- The lists are msg-ids joined by one space (the parser removes blanks inside a msg-id). Long
-- values are cut to the column's size (SortKeyColumns): no real subject or References comes near.
CREATE TABLE sort_keys (
    mailbox_id BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    sent_date BIGINT,
    subject VARCHAR(100000),
    from_mailbox VARCHAR(1000),
    to_mailbox VARCHAR(1000),
    cc_mailbox VARCHAR(1000),
    message_id VARCHAR(1000),
    in_reply_to VARCHAR(100000),
    refs VARCHAR(100000),
    PRIMARY KEY (mailbox_id, uid)
);
