package dev.scalelab.reports.markdown;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportTest {
    @Test
    void textEscapesMarkupAndStaysOnOneLine() {
        assertThat(MarkdownReport.text("a|b *c* _d_ [e](f) <g> & `h` #i ~j $k$\nl"))
                .isEqualTo("a&#124;b \\*c\\* \\_d\\_ \\[e\\](f) &lt;g&gt; &amp; \\`h\\` \\#i \\~j \\$k\\$ l");
        assertThat(MarkdownReport.text("fetch=eager (1 run)")).isEqualTo("fetch=eager (1 run)");
    }

    @Test
    void codeUsesEntitiesSoNothingInsideIsMarkup() {
        assertThat(MarkdownReport.code("select * from t where a = ? | `x` <b> [y]"))
                .isEqualTo("<code>select &#42; from t where a = ? &#124; &#96;x&#96; &lt;b&gt; &#91;y&#93;</code>");
    }
}
