-- The packed sort keys gain the From and To display names (RFC 5957 SORT=DISPLAY; see
-- org.facteur.mailbox.index.SortKeyBytes). Same table; the old rows lack them, so they are dropped
-- and made again from the summaries when the index is opened (MessageIndex.backfillSortKeys).
DELETE FROM sort_keys;
