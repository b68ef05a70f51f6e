package dev.scalelab.reports.charts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {
    @Test
    void stepNamesBreakAfterHyphensNotInsideWords() {
        assertThat(Charts.categoryLabel("naive")).isEqualTo("naive");
        assertThat(Charts.categoryLabel("eager-fetch")).isEqualTo("eager-fetch");
        assertThat(Charts.categoryLabel("page-cache-cookies")).isEqualTo("page-cache-\ncookies");
        assertThat(Charts.categoryLabel("connection-pool")).isEqualTo("connection-\npool");
        assertThat(Charts.categoryLabel("a very long step name that goes on and on"))
                .isEqualTo("a very\nlong step\nname that\ngoes…");
    }
}
