package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaildirNamesTest {

    @Test
    void modifiedUtf7FollowsRfc3501() {
        // RFC 3501 5.1.3's own example.
        assertThat(ModifiedUtf7.encode("~peter/mail/台北/日本語")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
        assertThat(ModifiedUtf7.encode("R&D")).isEqualTo("R&-D");
        assertThat(ModifiedUtf7.decode("R&-D")).isEqualTo("R&D");
        assertThat(ModifiedUtf7.encode("Entwürfe")).isEqualTo("Entw&APw-rfe");
    }

    @Test
    void malformedModifiedUtf7IsRefusedNotCrashed() {
        assertThatThrownBy(() -> ModifiedUtf7.decode("&Jjo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModifiedUtf7.decode("&Jj-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModifiedUtf7.decode("&*-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModifiedUtf7.decode("é")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void folderDirectoriesAreMaildirPlusPlus() {
        assertThat(MaildirLayout.directoryName("Sent")).isEqualTo(".Sent");
        assertThat(MaildirLayout.directoryName("Work/Projects")).isEqualTo(".Work.Projects");
        assertThat(MaildirLayout.directoryName("v1.2")).isEqualTo(".v1&AC4-2");
        assertThat(MaildirLayout.folderName(".v1&AC4-2")).contains("v1.2");
        assertThat(MaildirLayout.folderName(".Work.Projects")).contains("Work/Projects");
        assertThat(MaildirLayout.folderName("..")).isEmpty();
        assertThat(MaildirLayout.folderName(".a..b")).isEmpty();
        assertThat(MaildirLayout.folderName("cur")).isEmpty();
    }

    @Test
    void fileNamesCarrySizeUidAndSortedFlags() {
        MaildirFileName name = MaildirFileName.create("1764065730.M1P2Q3.host", 5120, 42, "FS");
        assertThat(name.fileName()).isEqualTo("1764065730.M1P2Q3.host,S=5120,U=42:2,FS");
        MaildirFileName parsed = MaildirFileName.parse(name.fileName());
        assertThat(parsed.uid()).isEqualTo(42);
        assertThat(parsed.size()).isEqualTo(5120);
        assertThat(parsed.info()).isEqualTo("FS");
        assertThat(parsed.withUid(7).fileName()).isEqualTo("1764065730.M1P2Q3.host,S=5120,U=7:2,FS");
        assertThat(MaildirFileName.parse("plain").uid()).isZero();
        assertThat(MaildirFileName.parse("a,U=12x:2,").uid()).isZero();
    }
}
