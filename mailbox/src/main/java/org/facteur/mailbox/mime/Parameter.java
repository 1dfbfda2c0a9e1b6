package org.facteur.mailbox.mime;

import java.util.Objects;

/**
 * One {@code name=value} parameter of Content-Type or Content-Disposition, as written: the name
 * lowercased (RFC 2045 5.1: names are case-insensitive), the value unquoted but otherwise
 * untouched. RFC 2231 parameters keep their written form ({@code filename*0*}, {@code
 * utf-8''%E2%82%AC}), which is what IMAP BODYSTRUCTURE reports; {@link
 * ContentFields#decodedParameter(String)} gives the decoded value.
 */
public record Parameter(String name, String value) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
