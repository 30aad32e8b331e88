package org.oodmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Escaping, tables and SVG elements against hand-written markup. */
class HtmlSvgTest {

    @Test
    void escapeCoversContentAndBothQuoteStyles() {
        assertThat(Html.escape("a<b & \"c\" 'd'>"))
                .isEqualTo("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void tableEscapesEveryCellAndSaysNoneWhenEmpty() {
        assertThat(Html.table(List.of("k", "v"), List.of(List.of("<x>", "1"))))
                .isEqualTo(
                        "<table><tr><th>k</th><th>v</th></tr><tr><td>&lt;x&gt;</td><td>1</td></tr>"
                                + "</table>");
        assertThat(Html.table(List.of("k"), List.of())).isEqualTo("<p>None.</p>");
        assertThat(Html.page("a & b")).contains("<title>a &amp; b</title>").endsWith("<body>");
    }

    @Test
    void svgWritesItsElementsAtTenthsOfAPixel() {
        String svg =
                new Svg(100, 50, "rates <1>")
                        .rect(1, 2.25, 3, 4, "#fff")
                        .rect(1, 2, 3, 0, "#000")
                        .polyline(new double[] {0, 10}, new double[] {5, 6.04}, "red", 1.5)
                        .text(3, 4, 10, "end", "#333", "p < 0.001")
                        .toString();
        assertThat(svg)
                .isEqualTo(
                        "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='50'"
                                + " role='img' aria-label='rates &lt;1&gt;'>"
                                + "<rect x='1.0' y='2.3' width='3.0' height='4.0' fill='#fff'/>"
                                + "<polyline fill='none' stroke='red' stroke-width='1.5'"
                                + " points='0.0,5.0 10.0,6.0'/>"
                                + "<text x='3.0' y='4.0' font-size='10' text-anchor='end'"
                                + " fill='#333'>p &lt; 0.001</text></svg>");
    }
}
