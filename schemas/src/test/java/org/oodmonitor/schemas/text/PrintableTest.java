package org.oodmonitor.schemas.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link Printable} escapes and what it keeps, on hand-written strings. */
class PrintableTest {

    @Test
    void controlsBidiOverridesAndLoneSurrogatesBecomeVisibleEscapes() {
        assertThat(Printable.of("a\u001b[2Jb")).isEqualTo("a\\u001B[2Jb");
        assertThat(Printable.of("line\nDEAD LETTER")).isEqualTo("line\\u000ADEAD LETTER");
        assertThat(Printable.of("nul\u0000del\u007fc1\u009b"))
                .isEqualTo("nul\\u0000del\\u007Fc1\\u009B");
        assertThat(Printable.of("\u202egnp.exe")).isEqualTo("\\u202Egnp.exe");
        assertThat(Printable.of("x\u2066y\u2069")).isEqualTo("x\\u2066y\\u2069");
        assertThat(Printable.of("\ud800")).isEqualTo("\\uD800");
        assertThat(Printable.of("a\udc00b")).isEqualTo("a\\uDC00b");
        assertThat(Printable.of("\ud83d\ud83d\ude00")).isEqualTo("\\uD83D\ud83d\ude00");
    }

    @Test
    void ordinaryTextAndEmojiStayAsTheyAre() {
        String text = "camera-1 Ünïcødé 😀 日本 tab-free";
        assertThat(Printable.of(text)).isSameAs(text);
        assertThat(Printable.of(null)).isNull();
        assertThat(Printable.of("")).isEmpty();
    }
}
