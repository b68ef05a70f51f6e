package dev.scalelab.cli.har;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class HarImportTest {

    /** A recording of a small owners-and-pets app, as Chrome DevTools saves it ("Save all as HAR"). */
    static Path fixture() throws Exception {
        return Path.of(HarImportTest.class.getResource("/har/owners.har").toURI());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> requests(String yaml) {
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        List<Map<String, Object>> journeys = (List<Map<String, Object>>) doc.get("journeys");
        assertThat(journeys).hasSize(1);
        return (List<Map<String, Object>>) journeys.get(0).get("requests");
    }

    @Nested
    class A_recording_becomes_one_journey {

        @Test
        void in_the_recorded_order_with_route_templates_and_the_recorded_status() throws Exception {
            HarImport.Result r = HarImport.read(fixture(), "owners");

            assertThat(requests(r.yaml())).extracting(m -> m.get("name")).containsExactly(
                    "GET /", "GET /owners", "GET /owners/{owners}", "GET /api/owners/{owners}",
                    "GET /owners/{owners}/pets/{pets}", "GET /owners/{owners}/documents/{documents}",
                    "POST /owners/{owners}/pets", "GET /owners/{owners}", "GET /owners/{owners}",
                    "POST /api/owners/{owners}/visits", "GET /owners");
            assertThat(requests(r.yaml())).extracting(m -> m.get("expect"))
                    .containsExactly(200, 200, 200, 200, 200, 200, 302, 200, 200, 201, 200);
            assertThat(r.yaml()).contains("get: '/owners/${owners}/pets/${pets}'\n")
                    .contains("get: '/owners/${owners}/documents/${documents}'\n");
            assertThat(r.describe()).isEqualTo("1 journey of 11 requests; dropped 4 static assets, 1 to other hosts, "
                    + "1 without an answer; feeders owners (2 values), pets (1 value), documents (1 value)");
        }

        @Test
        void numbers_and_uuids_in_paths_are_fed_with_the_recorded_values() throws Exception {
            String yaml = HarImport.read(fixture(), "owners").yaml();

            assertThat(yaml).contains("  owners: {list: [3, 7], order: circular}\n")
                    .contains("  pets: {list: [5], order: circular}\n")
                    .contains("  documents: {list: ['3f1c2b9e-8a7d-4c5e-9f10-2b3c4d5e6f70'], order: circular}\n");
        }

        @Test
        void think_times_are_the_recorded_gaps_between_one_answer_and_the_next_request_rounded() throws Exception {
            List<Map<String, Object>> requests = requests(HarImport.read(fixture(), "owners").yaml());

            // "/" ends at 42 ms, "/owners" starts at 2400 ms; the XHR 20 ms after its page has no pause before it
            assertThat(requests).extracting(m -> m.get("think")).containsExactly(
                    "2400ms", "1600ms", null, "2800ms", "1500ms", "3500ms", null, "1900ms", "1s", "2s", null);
        }

        @Test
        void form_and_json_bodies_and_query_parameters_are_kept() throws Exception {
            String yaml = HarImport.read(fixture(), "owners").yaml();

            assertThat(yaml).contains("        form: {name: Rex, birthDate: '2020-01-01'}\n")
                    .contains("        json: {\"date\":\"2026-11-20\",\"description\":\"yearly checkup\",\"vet\":{\"id\":2}}\n")
                    .contains("        query: {lastName: Franklin}\n")
                    .contains("        headers: {Accept: application/json, X-Requested-With: XMLHttpRequest}\n");
        }

        @Test
        void cookies_and_authorization_are_never_copied_and_the_file_says_where_sign_in_goes() throws Exception {
            String yaml = HarImport.read(fixture(), "owners").yaml();

            assertThat(yaml).doesNotContain("Cookie:").doesNotContain("JSESSIONID")
                    .doesNotContain("Authorization:").doesNotContain("eyJhbGci")
                    .doesNotContain("User-Agent").doesNotContain("sec-ch-ua")
                    .contains("# Sign-in: the recording's cookies and Authorization headers were not copied.")
                    .contains("'signIn:' section");
        }

        @Test
        void static_assets_and_other_hosts_are_dropped_by_extension_and_by_type() throws Exception {
            String yaml = HarImport.read(fixture(), "owners").yaml();

            assertThat(yaml).doesNotContain("app.css").doesNotContain("app.js").doesNotContain("favicon")
                    .doesNotContain("avatars").doesNotContain("fonts.googleapis").doesNotContain("poll");
        }
    }

    @Test
    void recorded_passwords_are_replaced_with_a_note(@TempDir Path dir) throws Exception {
        Path har = Files.writeString(dir.resolve("login.har"), """
                {"log": {"version": "1.2", "entries": [
                  {"startedDateTime": "2026-11-20T10:00:00.000Z", "time": 10,
                   "request": {"method": "GET", "url": "http://127.0.0.1:8080/login", "headers": []},
                   "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html"}}},
                  {"startedDateTime": "2026-11-20T10:00:03.000Z", "time": 10,
                   "request": {"method": "POST", "url": "http://127.0.0.1:8080/login", "headers": [],
                     "postData": {"mimeType": "application/x-www-form-urlencoded",
                                  "text": "email=a%40b.test&password=hunter2"}},
                   "response": {"status": 303, "headers": [], "content": {"mimeType": "text/html"}}}]}}
                """);

        String yaml = HarImport.read(har, "login").yaml();

        assertThat(yaml).doesNotContain("hunter2").contains("form: {email: 'a@b.test', password: REPLACE-ME}")
                .contains("# the recorded 'password' was not copied: put sign-in in 'signIn:'");
        assertThat(requests(yaml)).extracting(m -> m.get("think")).containsExactly("3s", null);
    }

    @Nested
    class A_file_that_is_not_a_usable_recording_is_one_line_with_what_to_do {

        @Test
        void not_json(@TempDir Path dir) throws Exception {
            Path har = Files.writeString(dir.resolve("x.har"), "<html>saved the page, not the HAR</html>");
            assertThatThrownBy(() -> HarImport.read(har, "x")).isInstanceOf(HarException.class)
                    .hasMessage(har + ":1:1: not JSON, so not a HAR file; save the recording from the browser's DevTools "
                            + "(Network tab, 'Save all as HAR') and import that file");
        }

        @Test
        void no_entries(@TempDir Path dir) throws Exception {
            Path har = Files.writeString(dir.resolve("x.har"), "{\"log\": {\"version\": \"1.2\"}}");
            assertThatThrownBy(() -> HarImport.read(har, "x"))
                    .hasMessage(har + ": no log.entries, so not a HAR file (a HAR is JSON with log.entries, one per "
                            + "request); save the recording from the browser's DevTools (Network tab, 'Save all as HAR')");
        }

        @Test
        void no_html_page(@TempDir Path dir) throws Exception {
            Path har = Files.writeString(dir.resolve("x.har"), """
                    {"log": {"entries": [{"startedDateTime": "2026-11-20T10:00:00.000Z", "time": 5,
                      "request": {"method": "GET", "url": "http://127.0.0.1:8080/app.js"},
                      "response": {"status": 200, "content": {"mimeType": "application/javascript"}}}]}}
                    """);
            assertThatThrownBy(() -> HarImport.read(har, "x"))
                    .hasMessage(har + ": no HTML page among its 1 entries (no response of type text/html); record with "
                            + "DevTools open from your app's first page (reload it once recording)");
        }
    }
}
