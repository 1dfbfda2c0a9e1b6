package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryAliasTest extends DirectoryTestSupport {

    @BeforeEach
    void usersAndDomains() {
        directory.addDomain("example.test");
        directory.addDomain("other.test");
        directory.addUser("alice@example.test", pw("pw"));
        directory.addUser("bob@example.test", pw("pw"));
        directory.addUser("carol@other.test", pw("pw"));
    }

    @Test
    void aliasesAreListedInCanonicalFormWithSortedTargets() {
        assertThat(directory.addAlias("Team@Example.TEST", List.of("Bob@example.test", "ALICE@example.test")))
                .isEqualTo("team@example.test");
        directory.addAlias("@Other.Test.", List.of("carol@other.test"));

        assertThat(directory.listAliases()).containsExactly(
                new Alias("@other.test", List.of("carol@other.test")),
                new Alias("team@example.test", List.of("alice@example.test", "bob@example.test")));
        assertThat(directory.listAliases().get(0).isCatchAll()).isTrue();
    }

    @Test
    void addingToAnExistingAliasMergesTargets() {
        directory.addAlias("team@example.test", List.of("alice@example.test"));

        directory.addAlias("team@example.test", List.of("bob@example.test", "Alice@example.test"));

        assertThat(directory.listAliases()).containsExactly(
                new Alias("team@example.test", List.of("alice@example.test", "bob@example.test")));
    }

    @Test
    void removeAliasTargetsTakesMembersOutAndTheLastOneTheAlias() {
        directory.addAlias("team@example.test", List.of("alice@example.test", "bob@example.test"));

        directory.removeAliasTargets("team@example.test", List.of("BOB@example.test"));
        assertThat(directory.listAliases()).containsExactly(new Alias("team@example.test", List.of("alice@example.test")));

        assertThatThrownBy(() -> directory.removeAliasTargets("team@example.test", List.of("bob@example.test")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("bob@example.test is not a target of the alias team@example.test.");

        directory.removeAliasTargets("team@example.test", List.of("alice@example.test"));
        assertThat(directory.listAliases()).isEmpty();
    }

    @Test
    void removedAliasNoLongerResolves() {
        directory.addAlias("team@example.test", List.of("alice@example.test"));

        directory.removeAlias("TEAM@example.test");

        assertThat(directory.listAliases()).isEmpty();
        assertThat(directory.resolve("team@example.test").status()).isEqualTo(Resolution.Status.UNKNOWN);
        assertThatThrownBy(() -> directory.removeAlias("team@example.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("There is no alias team@example.test.");
    }

    @Test
    void badAliasesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> directory.addAlias("x@nowhere.test", List.of("alice@example.test")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain nowhere.test of the alias x@nowhere.test is not a local domain; add the domain first.");
        assertThatThrownBy(() -> directory.addAlias("alice@example.test", List.of("bob@example.test")))
                .hasMessage("alice@example.test is a user; an alias of the same address would never be used.");
        assertThatThrownBy(() -> directory.addAlias("x@example.test", List.of()))
                .hasMessage("The alias x@example.test needs at least one target.");
        assertThatThrownBy(() -> directory.addAlias("x@example.test", List.of("@other.test")))
                .hasMessage("The target @other.test is a whole domain; a target must be an address.");
        assertThatThrownBy(() -> directory.addAlias("x@example.test", List.of("not an address")))
                .hasMessageContaining("has no @domain part");
        assertThatThrownBy(() -> directory.addAlias("x@example.test", List.of("bob@example.test", "nobody@example.test")))
                .hasMessage("The target nobody@example.test is in the local domain example.test but is neither a user nor an alias.");
        // A refused request changes nothing, not even its valid part.
        assertThat(directory.listAliases()).isEmpty();
    }

    @Test
    void aliasThatWouldLoopIsRefused() {
        directory.addAlias("a@example.test", List.of("alice@example.test"));
        directory.addAlias("b@example.test", List.of("a@example.test"));

        assertThatThrownBy(() -> directory.addAlias("a@example.test", List.of("b@example.test")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The alias a@example.test loops back to itself: a@example.test → b@example.test → a@example.test.");
        assertThatThrownBy(() -> directory.addAlias("self@example.test", List.of("self@example.test")))
                .hasMessage("The alias self@example.test loops back to itself: self@example.test → self@example.test.");
        assertThat(directory.listAliases()).extracting(Alias::address).containsExactly("a@example.test", "b@example.test");
    }

    @Test
    void catchAllToAnUnknownAddressOfItsOwnDomainIsRefusedAsALoop() {
        assertThatThrownBy(() -> directory.addAlias("@example.test", List.of("nobody@example.test")))
                .isInstanceOf(DirectoryException.class)
                .hasMessageContaining("loops back to itself");
    }

    @Test
    void aliasNestedTooDeeplyIsRefused() {
        String previous = "alice@example.test";
        for (int i = 1; i <= RecipientResolver.MAX_DEPTH; i++) {
            String alias = "level" + i + "@example.test";
            directory.addAlias(alias, List.of(previous));
            previous = alias;
        }
        String last = previous;

        assertThatThrownBy(() -> directory.addAlias("top@example.test", List.of(last)))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The alias top@example.test nests aliases more than 20 levels deep.");
    }
}
