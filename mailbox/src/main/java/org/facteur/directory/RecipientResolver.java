package org.facteur.directory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands a recipient address into local users and remote addresses.
 *
 * <p>An address in a local domain matches, in this order: a user; an alias of exactly that
 * address; with its sub-address detail removed ({@code alice+tag@d} as {@code alice@d}), a user
 * or an alias; the domain's catch-all alias {@code @d}. An alias's targets in local domains are
 * expanded the same way, recursively; each alias is expanded once per resolution (so shared
 * sub-lists do not multiply the work), a loop or a nesting deeper than {@link #MAX_DEPTH} cuts
 * that branch, and a target that matches nothing is skipped. Those are recorded as
 * {@link Expansion#loops} and {@link Expansion#dangling} for the caller to log or refuse.
 */
final class RecipientResolver {

    /** Postfix allows far more; nobody needs more than a few levels, and a bound keeps lookups cheap. */
    static final int MAX_DEPTH = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RecipientResolver.class);

    private final DirectoryLookup lookup;

    RecipientResolver(DirectoryLookup lookup) {
        this.lookup = lookup;
    }

    /** The result of one expansion, with what went wrong on the way. */
    static final class Expansion {
        final Set<String> users = new LinkedHashSet<>();
        final Set<String> remote = new LinkedHashSet<>();
        /** Loops and too-deep nesting: configuration errors that cut a branch. */
        final List<String> loops = new ArrayList<>();
        /** Local targets that match nothing (their user was removed, say). */
        final List<String> dangling = new ArrayList<>();
        boolean matched;

        private final Deque<String> path = new ArrayDeque<>();
        private final Set<String> expanded = new HashSet<>();

        Resolution toResolution() {
            if (users.isEmpty() && remote.isEmpty()) {
                return Resolution.unknown();
            }
            return Resolution.deliver(users, remote);
        }
    }

    /** Expands a recipient address, logging the configuration errors met on the way. */
    Resolution resolve(MailAddress address) {
        switch (lookup.firstLook(address.domain(), address.toString())) {
            case NOT_LOCAL_DOMAIN:
                return Resolution.notLocalDomain();
            case USER:
                return Resolution.deliver(Set.of(address.toString()), Set.of()); // what expand finds first
            default:
                break;
        }
        Expansion expansion = expand(address);
        for (String problem : expansion.loops) {
            LOG.warn("directory.alias_loop recipient={} problem=\"{}\"", address, problem);
        }
        for (String problem : expansion.dangling) {
            LOG.warn("directory.alias_dangling recipient={} problem=\"{}\"", address, problem);
        }
        return expansion.toResolution();
    }

    /** Expands {@code address}, which is in a local domain. */
    Expansion expand(MailAddress address) {
        Expansion expansion = new Expansion();
        expansion.matched = visit(address, expansion);
        return expansion;
    }

    /** Expands the alias {@code alias} (an address or {@code @domain}) itself, to check it. */
    Expansion expandAlias(String alias) {
        Expansion expansion = new Expansion();
        expansion.matched = true;
        expandTargets(alias, lookup.aliasTargets(alias), expansion);
        return expansion;
    }

    /** Whether anything in the directory takes {@code address}, which is in a local domain. */
    private boolean visit(MailAddress address, Expansion expansion) {
        String exact = address.toString();
        if (lookup.isUser(exact)) {
            expansion.users.add(exact);
            return true;
        }
        List<String> targets = lookup.aliasTargets(exact);
        if (!targets.isEmpty()) {
            expandTargets(exact, targets, expansion);
            return true;
        }
        Optional<MailAddress> base = address.withoutDetail();
        if (base.isPresent()) {
            String withoutDetail = base.get().toString();
            if (lookup.isUser(withoutDetail)) {
                expansion.users.add(withoutDetail);
                return true;
            }
            targets = lookup.aliasTargets(withoutDetail);
            if (!targets.isEmpty()) {
                expandTargets(withoutDetail, targets, expansion);
                return true;
            }
        }
        String catchAll = "@" + address.domain();
        targets = lookup.aliasTargets(catchAll);
        if (!targets.isEmpty()) {
            expandTargets(catchAll, targets, expansion);
            return true;
        }
        return false;
    }

    private void expandTargets(String alias, List<String> targets, Expansion expansion) {
        if (expansion.path.contains(alias)) {
            expansion.loops.add("The alias " + alias + " loops back to itself: "
                    + String.join(" → ", pathTo(expansion, alias)) + ".");
            return;
        }
        if (expansion.path.size() >= MAX_DEPTH) {
            expansion.loops.add("The alias " + expansion.path.peekFirst() + " nests aliases more than "
                    + MAX_DEPTH + " levels deep.");
            return;
        }
        if (!expansion.expanded.add(alias)) {
            return;
        }
        expansion.path.addLast(alias);
        for (String target : targets) {
            MailAddress address = MailAddress.parse(target);
            if (!lookup.isLocalDomain(address.domain())) {
                expansion.remote.add(target);
            } else if (!visit(address, expansion)) {
                expansion.dangling.add("The alias " + alias + " forwards to " + target
                        + ", which is neither a user nor an alias.");
            }
        }
        expansion.path.removeLast();
    }

    private static List<String> pathTo(Expansion expansion, String alias) {
        List<String> names = new ArrayList<>(expansion.path);
        names.add(alias);
        return names.subList(names.indexOf(alias), names.size());
    }
}
