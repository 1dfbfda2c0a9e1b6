/**
 * The directory: local domains, users (with their password hashes) and aliases, in the H2 index.
 *
 * <p>Who validates what: this package checks the syntax of every name it stores or looks up
 * ({@link org.facteur.directory.MailAddress}, {@link org.facteur.directory.DomainName}) and
 * answers three questions: is this domain ours, who is this login, and what does this recipient
 * become ({@link org.facteur.directory.Directory#resolve}). The SMTP layer parses the envelope,
 * decides relaying when the answer is {@code NOT_LOCAL_DOMAIN}, turns {@code UNKNOWN} into
 * {@code 550 5.1.1} and a {@link org.facteur.directory.DirectoryException} from {@code resolve}
 * into {@code 553 5.1.3}, and applies sender rules (an authenticated user may use an address whose
 * resolution delivers to that user); the protocol layers slow down failed logins.
 *
 * <p>Nothing is cached but successful password verifications, so that the admin CLI's changes
 * are seen by a running server at its next lookup.
 */
package org.facteur.directory;
