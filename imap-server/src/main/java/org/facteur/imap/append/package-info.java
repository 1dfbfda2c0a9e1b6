/**
 * What APPEND does to a message before the store sees it: parts sent as binary in a literal8
 * (RFC 3516 4.4) are stored base64-encoded ({@link BinaryToBase64}), streaming, everything else
 * byte for byte.
 */
package org.facteur.imap.append;
