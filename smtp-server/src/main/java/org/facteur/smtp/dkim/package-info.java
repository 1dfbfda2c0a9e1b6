/**
 * DKIM (RFC 6376) for outbound mail: each local domain's signing key ({@link DkimKeys}), the
 * signature put in front of a message before it leaves ({@link DkimSigner}), and the DNS record
 * that publishes the key.
 */
package org.facteur.smtp.dkim;
