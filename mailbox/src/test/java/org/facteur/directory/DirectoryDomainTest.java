package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class DirectoryDomainTest extends DirectoryTestSupport {

    @Test
    void addedDomainsAreListedSortedInCanonicalForm() {
        assertThat(directory.addDomain("Example.TEST.")).isEqualTo("example.test");
        directory.addDomain("Bücher.example");
        directory.addDomain("a.test");

        assertThat(directory.listDomains()).containsExactly("a.test", "example.test", "xn--bcher-kva.example");
    }

    @Test
    void isLocalDomainIgnoresCaseTrailingDotAndUnicodeSpelling() {
        directory.addDomain("bücher.example");

        assertThat(directory.isLocalDomain("BÜCHER.example.")).isTrue();
        assertThat(directory.isLocalDomain("xn--bcher-kva.EXAMPLE")).isTrue();
        assertThat(directory.isLocalDomain("other.example")).isFalse();
        assertThat(directory.isLocalDomain("not a domain")).isFalse();
    }

    @Test
    void duplicateDomainIsRefused() {
        directory.addDomain("example.test");

        assertThatThrownBy(() -> directory.addDomain("EXAMPLE.test."))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain example.test already exists.");
    }

    @Test
    void malformedDomainIsRefused() {
        assertThatThrownBy(() -> directory.addDomain("exa mple.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessageContaining("not allowed in a domain name");
        assertThat(directory.listDomains()).isEmpty();
    }

    @Test
    void removedDomainIsNoLongerLocal() {
        directory.addDomain("example.test");

        directory.removeDomain("Example.Test");

        assertThat(directory.isLocalDomain("example.test")).isFalse();
        assertThat(directory.listDomains()).isEmpty();
    }

    @Test
    void removingAnUnknownDomainIsRefused() {
        assertThatThrownBy(() -> directory.removeDomain("nowhere.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("There is no domain nowhere.test.");
    }

    @Test
    void domainWithUsersCannotBeRemoved() {
        directory.addDomain("example.test");
        directory.addUser("alice@example.test", pw("pw"));

        assertThatThrownBy(() -> directory.removeDomain("example.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain example.test still has 1 user; remove them first.");
        assertThat(directory.isLocalDomain("example.test")).isTrue();
    }

    @Test
    void domainWithAliasesCannotBeRemoved() {
        directory.addDomain("example.test");
        directory.addAlias("@example.test", List.of("someone@remote.example"));

        assertThatThrownBy(() -> directory.removeDomain("example.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain example.test still has the aliases @example.test; remove them first.");
    }

    @Test
    void domainThatOtherDomainsAliasesForwardIntoCannotBeRemoved() {
        directory.addDomain("old.test");
        directory.addDomain("new.test");
        directory.addAlias("x@old.test", List.of("x@remote.example"));
        directory.addAlias("@new.test", List.of("x@old.test"));
        directory.removeAlias("x@old.test");

        // Otherwise x@old.test would silently become a remote address to forward to.
        assertThatThrownBy(() -> directory.removeDomain("old.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The aliases @new.test forward to addresses in old.test; remove those targets first.");
    }
}
