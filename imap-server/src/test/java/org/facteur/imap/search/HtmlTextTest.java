package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    private static String text(String html) {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[3]; // small reads: state must survive between them
        try (HtmlText reader = new HtmlText(new StringReader(html))) {
            int n;
            while ((n = reader.read(buffer, 0, buffer.length)) >= 0) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Test
    void inlineTagsVanishOtherTagsSeparateWords() {
        assertThat(text("<p>The quarterly <b>re</b>port</p><p>is late</p>")).isEqualTo(" The quarterly report  is late ");
        assertThat(text("one<br/>two<BR>three")).isEqualTo("one two three");
        assertThat(text("<a href=\"x>y\" title='a>b'>link</a>")).isEqualTo("link");
    }

    @Test
    void scriptsStylesAndCommentsAreNotText() {
        assertThat(text("<style type=\"text/css\">p { color: red }</style>visible"))
                .isEqualTo(" visible");
        assertThat(text("a<script>if (x < y) { alert('</p>') }</SCRIPT>b")).isEqualTo("a b");
        assertThat(text("a<!-- hidden -- > still -->b<!DOCTYPE html>c")).isEqualTo("a b c");
    }

    @Test
    void characterReferencesAreDecoded() {
        assertThat(text("caf&eacute; &amp; cr&#232;me &#x20AC;5&nbsp;net")).isEqualTo("café & crème €5 net");
        assertThat(text("&unknown; &amp &#xZZ; &")).isEqualTo("&unknown; &amp &#xZZ; &");
    }

    @Test
    void aLoneLessThanSignIsText() {
        assertThat(text("if a < b or 3<4 and </ 5")).isEqualTo("if a < b or 3<4 and </ 5");
        assertThat(text("unclosed <b")).isEqualTo("unclosed ");
    }
}
