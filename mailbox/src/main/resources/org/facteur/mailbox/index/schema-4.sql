-- The sort keys as one packed value per message (org.facteur.mailbox.index.SortKeyBytes) instead
-- of nine columns: the store reads a mailbox's keys once, in one scan, and keeps them in memory in
-- that same form (maildir.MessageList), so the scan neither decodes seven strings per row nor
-- encodes them again. Same key as schema 3 (mailbox_id * 2^32 + uid, one sequential range per
-- mailbox); uid kept for reading by hand. The old rows are dropped and made again from the
-- summaries when the index is opened (MessageIndex.backfillSortKeys), as on the upgrade to 3.
-- Each value is cut before packing (SortKeyColumns), which bounds a row below 1,000,000 bytes.
DROP TABLE sort_keys;

CREATE TABLE sort_keys (
    id BIGINT PRIMARY KEY,
    mailbox_id BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    packed VARBINARY(1000000) NOT NULL
);
