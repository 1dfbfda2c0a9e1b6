/**
 * RFC 5267 4.3's updating contexts: results of {@code SEARCH RETURN (UPDATE)} and
 * {@code SORT RETURN (UPDATE)} that the server keeps up to date in the client with unsolicited
 * {@code ESEARCH ... ADDTO / REMOVEFROM} responses, for as long as the mailbox stays selected or
 * until CANCELUPDATE.
 */
package org.facteur.imap.context;
