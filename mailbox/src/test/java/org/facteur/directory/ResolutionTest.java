package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.facteur.directory.Resolution.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolutionTest extends DirectoryTestSupport {

    @BeforeEach
    void usersAndDomains() {
        directory.addDomain("example.test");
        directory.addDomain("other.test");
        directory.addUser("alice@example.test", pw("pw"));
        directory.addUser("bob@example.test", pw("pw"));
        directory.addUser("carol@other.test", pw("pw"));
    }

    @Test
    void userResolvesToItselfWhateverTheCase() {
        assertThat(directory.resolve("Alice@Example.TEST")).isEqualTo(users("alice@example.test"));
    }

    @Test
    void unknownAddressInALocalDomainIsUnknown() {
        Resolution r = directory.resolve("nobody@example.test");

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.isDeliverable()).isFalse();
        assertThat(r.localUsers()).isEmpty();
    }

    @Test
    void addressInAnotherDomainIsNotLocal() {
        assertThat(directory.resolve("someone@remote.example").status()).isEqualTo(Status.NOT_LOCAL_DOMAIN);
    }

    @Test
    void malformedAddressIsAnError() {
        assertThatThrownBy(() -> directory.resolve("a b@example.test")).isInstanceOf(DirectoryException.class);
    }

    @Test
    void subAddressReachesTheUser() {
        assertThat(directory.resolve("Alice+Lists@example.test")).isEqualTo(users("alice@example.test"));
        assertThat(directory.resolve("alice+a+b@example.test")).isEqualTo(users("alice@example.test"));
        assertThat(directory.resolve("nobody+x@example.test").status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void subAddressReachesAnAliasAndAnExactAliasWinsOverIt() {
        directory.addAlias("list@example.test", List.of("alice@example.test"));
        directory.addAlias("list+staff@example.test", List.of("bob@example.test"));

        assertThat(directory.resolve("list+anything@example.test")).isEqualTo(users("alice@example.test"));
        assertThat(directory.resolve("List+Staff@example.test")).isEqualTo(users("bob@example.test"));
    }

    @Test
    void aliasWithSeveralLocalAndRemoteTargets() {
        directory.addAlias("team@example.test",
                List.of("alice@example.test", "carol@other.test", "dave@remote.example", "Eve@Remote.Example"));

        Resolution r = directory.resolve("TEAM@example.test");

        assertThat(r.status()).isEqualTo(Status.DELIVER);
        assertThat(r.localUsers()).containsExactlyInAnyOrder("alice@example.test", "carol@other.test");
        assertThat(r.remoteAddresses()).containsExactlyInAnyOrder("dave@remote.example", "eve@remote.example");
    }

    @Test
    void aliasChainsAreExpandedAndDeduplicated() {
        directory.addAlias("devs@example.test", List.of("alice@example.test", "x@remote.example"));
        directory.addAlias("ops@example.test", List.of("alice@example.test", "bob@example.test"));
        directory.addAlias("all@example.test", List.of("devs@example.test", "ops@example.test", "bob+all@example.test"));

        Resolution r = directory.resolve("all@example.test");

        assertThat(r.localUsers()).containsExactlyInAnyOrder("alice@example.test", "bob@example.test");
        assertThat(r.remoteAddresses()).containsExactly("x@remote.example");
    }

    @Test
    void catchAllTakesOnlyWhatNothingElseTakes() {
        directory.addAlias("info@example.test", List.of("bob@example.test"));
        directory.addAlias("@example.test", List.of("carol@other.test"));

        assertThat(directory.resolve("alice@example.test")).isEqualTo(users("alice@example.test"));
        assertThat(directory.resolve("info@example.test")).isEqualTo(users("bob@example.test"));
        assertThat(directory.resolve("alice+tag@example.test")).isEqualTo(users("alice@example.test"));
        assertThat(directory.resolve("anything@EXAMPLE.test")).isEqualTo(users("carol@other.test"));
        assertThat(directory.resolve("anything+tag@example.test")).isEqualTo(users("carol@other.test"));
        assertThat(directory.resolve("anything@other.test").status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void catchAllMayForwardToAnotherDomain() {
        directory.addAlias("@example.test", List.of("archive@remote.example"));

        assertThat(directory.resolve("whoever@example.test"))
                .isEqualTo(Resolution.deliver(Set.of(), Set.of("archive@remote.example")));
    }

    @Test
    void danglingTargetIsSkipped() {
        directory.addAlias("team@example.test", List.of("alice@example.test", "bob@example.test"));
        directory.removeUser("bob@example.test");

        assertThat(directory.resolve("team@example.test")).isEqualTo(users("alice@example.test"));

        directory.removeUser("alice@example.test");
        assertThat(directory.resolve("team@example.test").status()).isEqualTo(Status.UNKNOWN);
    }

    private static Resolution users(String... users) {
        return Resolution.deliver(Set.of(users), Set.of());
    }
}
