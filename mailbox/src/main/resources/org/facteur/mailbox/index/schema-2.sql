-- QRESYNC (RFC 7162 3.2.5.1): the MODSEQ from which this index knows every expunge of the
-- mailbox. A row inserted when the folder already existed (the index was rebuilt) starts at the
-- folder's reserved MODSEQ: expunges before it were not recorded, so a client that last synced
-- below it is told every UID that is gone. Rows of this version's predecessor kept every expunge.
ALTER TABLE mailboxes ADD COLUMN expunged_floor BIGINT DEFAULT 0 NOT NULL;

CREATE INDEX expunged_by_modseq ON expunged(mailbox_id, modseq);
