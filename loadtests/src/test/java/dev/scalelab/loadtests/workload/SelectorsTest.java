package dev.scalelab.loadtests.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SelectorsTest {

    private static String first(String selector, String html) {
        Matcher m = Pattern.compile(Selectors.toRegex(selector)).matcher(html);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void simple_selectors_find_the_inner_markup_of_their_first_element() {
        String html = "<header><b class='x user-name y'>Ann</b><span id=\"who\">Gina <i>C</i></span></header>";
        assertThat(first("#who", html)).as("up to the first closing tag").isEqualTo("Gina <i>C");
        assertThat(first("span#who", html)).isEqualTo("Gina <i>C");
        assertThat(first(".user-name", html)).isEqualTo("Ann");
        assertThat(first("b.user-name", html)).isEqualTo("Ann");
        assertThat(first("i", html)).isEqualTo("C");
        assertThat(first("#nobody", html)).isNull();
        assertThat(first(".user", html)).as("a class is a whole word").isNull();
    }

    @Test
    void other_selectors_are_refused() {
        assertThat(Selectors.toRegex("div > span")).isNull();
        assertThat(Selectors.toRegex("[data-user]")).isNull();
        assertThat(Selectors.toRegex("")).isNull();
    }
}
