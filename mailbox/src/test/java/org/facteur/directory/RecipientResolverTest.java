package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Expansion over a directory held in maps, to reach states the {@link Directory} refuses to
 * create, such as loops (two processes adding each half of one at the same instant could).
 */
class RecipientResolverTest {

    private final Set<String> users = new HashSet<>(Set.of("alice@d.test"));
    private final Map<String, List<String>> aliases = new HashMap<>();
    private final RecipientResolver resolver = new RecipientResolver(new DirectoryLookup() {
        @Override
        public boolean isLocalDomain(String domain) {
            return domain.equals("d.test");
        }

        @Override
        public boolean isUser(String address) {
            return users.contains(address);
        }

        @Override
        public List<String> aliasTargets(String address) {
            return aliases.getOrDefault(address, List.of());
        }
    });

    @Test
    void loopIsCutAndWhatItReachedIsStillDelivered() {
        aliases.put("a@d.test", List.of("b@d.test", "alice@d.test"));
        aliases.put("b@d.test", List.of("a@d.test", "x@remote.test"));

        RecipientResolver.Expansion expansion = resolver.expand(MailAddress.parse("a@d.test"));

        assertThat(expansion.users).containsExactly("alice@d.test");
        assertThat(expansion.remote).containsExactly("x@remote.test");
        assertThat(expansion.loops).containsExactly(
                "The alias a@d.test loops back to itself: a@d.test → b@d.test → a@d.test.");
        assertThat(resolver.resolve(MailAddress.parse("b@d.test")).localUsers()).containsExactly("alice@d.test");
    }

    @Test
    void loopThatReachesNoOneIsUnknown() {
        aliases.put("a@d.test", List.of("b@d.test"));
        aliases.put("b@d.test", List.of("a@d.test"));

        assertThat(resolver.resolve(MailAddress.parse("a@d.test"))).isEqualTo(Resolution.unknown());
    }

    @Test
    void loopThroughTheCatchAllIsCut() {
        aliases.put("@d.test", List.of("x@d.test"));

        RecipientResolver.Expansion expansion = resolver.expand(MailAddress.parse("nobody@d.test"));

        assertThat(expansion.loops).containsExactly("The alias @d.test loops back to itself: @d.test → @d.test.");
        assertThat(expansion.toResolution()).isEqualTo(Resolution.unknown());
    }

    @Test
    void sharedSubListIsExpandedOnceAndIsNotALoop() {
        aliases.put("all@d.test", List.of("x@d.test", "y@d.test"));
        aliases.put("x@d.test", List.of("shared@d.test"));
        aliases.put("y@d.test", List.of("shared@d.test"));
        aliases.put("shared@d.test", List.of("alice@d.test"));

        RecipientResolver.Expansion expansion = resolver.expand(MailAddress.parse("all@d.test"));

        assertThat(expansion.loops).isEmpty();
        assertThat(expansion.users).containsExactly("alice@d.test");
    }

    @Test
    void depthIsLimited() {
        for (int i = 0; i < 30; i++) {
            aliases.put("l" + i + "@d.test", List.of("l" + (i + 1) + "@d.test"));
        }
        aliases.put("l30@d.test", List.of("alice@d.test"));

        RecipientResolver.Expansion expansion = resolver.expand(MailAddress.parse("l0@d.test"));

        assertThat(expansion.loops).containsExactly("The alias l0@d.test nests aliases more than 20 levels deep.");
        assertThat(expansion.users).isEmpty();
    }

    @Test
    void danglingTargetIsReported() {
        aliases.put("team@d.test", List.of("gone@d.test", "alice@d.test"));

        RecipientResolver.Expansion expansion = resolver.expand(MailAddress.parse("team@d.test"));

        assertThat(expansion.dangling).containsExactly(
                "The alias team@d.test forwards to gone@d.test, which is neither a user nor an alias.");
        assertThat(expansion.users).containsExactly("alice@d.test");
    }
}
