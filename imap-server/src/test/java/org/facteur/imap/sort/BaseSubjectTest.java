package org.facteur.imap.sort;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 2.1 base subject extraction. */
class BaseSubjectTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello world|HELLO WORLD|false",
        "Re: Hello world|HELLO WORLD|true",
        "RE:   re: Fwd:Hello\tworld|HELLO WORLD|true",
        "Fw: [list] Re: Hello|HELLO|true",
        "[list] Hello|HELLO|false",
        "[list]|[LIST]|false",
        "Hello (fwd) (FWD)|HELLO|true",
        "[Fwd: Re: Hello]|HELLO|true",
        "Re[2]: Hello|HELLO|true",
        "Réunion: été|RéUNION: éTé|false",
        "re:|''|true",
    })
    void extractsTheBaseSubject(String subject, String base, boolean reply) {
        assertThat(BaseSubject.of(subject)).isEqualTo(new BaseSubject(base, reply));
    }

    @org.junit.jupiter.api.Test
    void missingSubjectIsEmpty() {
        assertThat(BaseSubject.of(null)).isEqualTo(BaseSubject.NONE);
    }
}
