package org.facteur.mailbox.mime;

import java.util.List;
import java.util.Objects;

/** A Content-Disposition (RFC 2183): its type lowercased, and its parameters in written order. */
public record Disposition(String type, List<Parameter> parameters) {

    public Disposition {
        Objects.requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
    }
}
